import { assert } from '../../harness/node';
import { HighLevelSandbox, type HighLevelInvoice, type HighLevelSchedule } from '../highlevel';
import { served } from './types';

/** The sandbox's own Private Integration token: it reaches nothing but the sandbox. */
const SANDBOX_ONLY = 'pit-sandbox-6c1f0e2a';
const LOCATION = 'loc_sandbox';

/** One invoice in every status HighLevel has. */
const SEED: Array<Partial<HighLevelInvoice> & { _id: string }> = [
	{ _id: 'hl_inv_4001', status: 'draft' },
	{ _id: 'hl_inv_4002', status: 'sent' },
	{ _id: 'hl_inv_4003', status: 'payment_processing' },
	{ _id: 'hl_inv_4004', status: 'paid', amountPaid: 999, amountDue: 0 },
	{ _id: 'hl_inv_4005', status: 'void' },
	{ _id: 'hl_inv_4006', status: 'partially_paid', amountPaid: 100, amountDue: 899 },
	{ _id: 'hl_inv_4007', status: 'sent' },
	// Picked in the version 2 case and the editor check.
	{ _id: 'hl_inv_4008', status: 'sent', name: 'Website retainer', contactDetails: { id: 'contact_picker', name: 'Ada Lovelace' }, issueDate: '2026-02-01' },
];

/** Recurring invoice schedules: running ones to cancel or delete, and one cancelled already. */
const SCHEDULES: Array<Partial<HighLevelSchedule> & { _id: string }> = [
	{ _id: 'hl_sch_5001', status: 'active', name: 'Monthly retainer' },
	{ _id: 'hl_sch_5002', status: 'active', name: 'Quarterly maintenance' },
	{ _id: 'hl_sch_5003', status: 'cancelled', name: 'Old hosting plan' },
	{ _id: 'hl_sch_5004', status: 'draft', name: 'Draft subscription' },
];

/** Invoices seeded for Get Many (inv_00008...): several pages of them. */
const BULK = 1200;

export const highLevel = served<HighLevelSandbox>({
	name: 'highLevel',
	displayName: 'HighLevel',
	port: 4012,
	async start(port) {
		const sandbox = await HighLevelSandbox.start(port);
		sandbox.tokens.set(SANDBOX_ONLY, LOCATION);
		for (const seeded of SEED) sandbox.addInvoice({ altId: LOCATION, ...seeded });
		for (const seeded of SCHEDULES) sandbox.addSchedule({ altId: LOCATION, ...seeded });
		// Enough for Get Many to page through (100 per page).
		sandbox.seedInvoices(LOCATION, BULK);
		return sandbox;
	},
	url: (sandbox) => sandbox.url,
	close: async (sandbox) => await sandbox.close(),
	state: (sandbox) => ({ invoices: [...sandbox.invoices.values()], schedules: [...sandbox.schedules.values()] }),
	credential: (url) => ({
		type: 'invoiceOpsHighLevelApi',
		data: { privateIntegrationToken: SANDBOX_ONLY, locationId: LOCATION, baseUrl: url },
	}),
	example: { resource: 'invoice', operation: 'void', invoiceId: 'hl_inv_4002', altType: 'location' },
	cases: [
		{
			title: 'void (location from the credential)',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'hl_inv_4002', altType: 'location' },
			expect: { provider: 'highLevel', operation: 'void', invoiceId: 'hl_inv_4002', success: true, outcome: 'voided' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('hl_inv_4002')!.status, 'void'),
		},
		{
			title: 'delete a draft',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'hl_inv_4001', altId: LOCATION, altType: 'location' },
			expect: { operation: 'delete', invoiceId: 'hl_inv_4001', success: true, outcome: 'deleted' },
			check: (sandbox) => assert.equal(sandbox.applied.get('hl_inv_4001'), 1),
		},
		{
			title: 'get',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'hl_inv_4004', altType: 'location' },
			expect: { operation: 'get', invoiceId: 'hl_inv_4004', success: true, outcome: 'fetched' },
			check: (_sandbox, item) => assert.equal((item?.response as { status: string }).status, 'paid'),
		},
		{
			title: 'void as a dry run',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'hl_inv_4007', altType: 'location', options: { dryRun: true } },
			expect: { operation: 'void', success: true, outcome: 'would_void', dryRun: true },
			check: (sandbox) => assert.equal(sandbox.invoices.get('hl_inv_4007')!.status, 'sent'),
		},
		{
			title: 'version 2: void of an invoice picked From List',
			typeVersion: 2,
			parameters: { resource: 'invoice', operation: 'void', invoiceId: { __rl: true, mode: 'list', value: 'hl_inv_4008' } },
			expect: { operation: 'void', invoiceId: 'hl_inv_4008', success: true, outcome: 'voided' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('hl_inv_4008')!.status, 'void'),
		},
		{
			title: 'cancel a recurring invoice schedule',
			parameters: { resource: 'invoiceSchedule', operation: 'cancel', scheduleId: 'hl_sch_5001', altType: 'location' },
			expect: { provider: 'highLevel', operation: 'cancel', scheduleId: 'hl_sch_5001', success: true, outcome: 'cancelled' },
			check: (sandbox) => assert.equal(sandbox.schedules.get('hl_sch_5001')!.status, 'cancelled'),
		},
		{
			title: 'version 2: cancel a schedule picked From List',
			typeVersion: 2,
			parameters: { resource: 'invoiceSchedule', operation: 'cancel', scheduleId: { __rl: true, mode: 'list', value: 'hl_sch_5004' } },
			expect: { operation: 'cancel', scheduleId: 'hl_sch_5004', success: true, outcome: 'cancelled' },
			check: (sandbox) => assert.equal(sandbox.schedules.get('hl_sch_5004')!.status, 'cancelled'),
		},
		{
			title: 'cancel a schedule cancelled already, Succeed If Already Done',
			parameters: {
				resource: 'invoiceSchedule',
				operation: 'cancel',
				scheduleId: 'hl_sch_5003',
				altType: 'location',
				options: { succeedIfAlreadyDone: true },
			},
			expect: { operation: 'cancel', scheduleId: 'hl_sch_5003', success: true, outcome: 'already_cancelled' },
			check: (sandbox) => assert.equal(sandbox.applied.get('hl_sch_5003'), undefined),
		},
		{
			title: 'delete a schedule as a dry run',
			parameters: { resource: 'invoiceSchedule', operation: 'delete', scheduleId: 'hl_sch_5002', altType: 'location', options: { dryRun: true } },
			expect: { operation: 'delete', scheduleId: 'hl_sch_5002', success: true, outcome: 'would_delete', dryRun: true },
			check: (sandbox) => assert.ok(sandbox.schedules.has('hl_sch_5002'), 'a dry run changes nothing'),
		},
		{
			title: 'void refused (paid), Continue On Fail',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'hl_inv_4004', altType: 'location' },
			onError: 'continueRegularOutput',
			expect: { invoiceId: 'hl_inv_4004', success: false, outcome: 'failed' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('hl_inv_4004')!.status, 'paid'),
		},
	],

	chains: [
		{
			title: 'bulk clean-up: Get Many (sent, one contact, every page) -> Void with Dry Run',
			first: { resource: 'invoice', operation: 'getAll', returnAll: true, filters: { status: 'sent', contactId: 'contact_2' } },
			second: {
				resource: 'invoice',
				operation: 'void',
				invoiceId: '={{ $json._id }}',
				altType: 'location',
				options: { dryRun: true, maxRequestsPerSecond: 500 },
			},
			check: (sandbox, items) => {
				const found = [...sandbox.invoices.values()].filter(
					(candidate) => candidate.status === 'sent' && (candidate.contactDetails as { id?: string } | undefined)?.id === 'contact_2',
				);
				assert.ok(found.length > 100, 'the search spans more than one page');
				assert.deepEqual(items.map((item) => item.invoiceId), found.map((candidate) => candidate._id));
				for (const item of items) assert.deepEqual([item.outcome, item.dryRun], ['would_void', true]);
				assert.ok(found.every((candidate) => candidate.status === 'sent'), 'a dry run changes nothing');
			},
		},
	],
});
