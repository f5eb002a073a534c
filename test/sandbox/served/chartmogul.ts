import { assert } from '../../harness/node';
import { ChartMogulSandbox, type ChartMogulInvoice } from '../chartmogul';
import { served } from './types';

/** The sandbox's own API key: it reaches nothing but the sandbox. */
const SANDBOX_ONLY = 'cm_test_key_4b1e9d';
/** The sandbox's data source (the mirror example deletes by external id in it). */
export const DATA_SOURCE = 'ds_sandbox';

/** Invoices in every status ChartMogul has, one customer whose invoices all go at once. */
const SEED: Array<Partial<ChartMogulInvoice> & { uuid: string }> = [
	{ uuid: 'inv_cm_2001', external_id: 'INV-2001', status: 'open' },
	{ uuid: 'inv_cm_2002', external_id: 'INV-2002', status: 'paid' },
	{ uuid: 'inv_cm_2003', external_id: 'INV-2003', status: 'refunded' },
	{ uuid: 'inv_cm_2004', external_id: 'INV-2004', status: 'voided' },
	{ uuid: 'inv_cm_2005', external_id: 'INV-2005', status: 'written_off' },
	{ uuid: 'inv_cm_2006', external_id: 'INV-2006', status: 'open' },
	{ uuid: 'inv_cm_2007', external_id: 'INV-2007', status: 'open' },
	{ uuid: 'inv_cm_2008', external_id: 'INV-2008', status: 'open', customer_uuid: 'cus_leaving' },
	{ uuid: 'inv_cm_2009', external_id: 'INV-2009', status: 'paid', customer_uuid: 'cus_leaving' },
	// Chargebee's cb_inv_1010 as ChartMogul imported it: the mirror example deletes it here when
	// it is deleted in the Chargebee sandbox.
	{ uuid: 'inv_cm_2010', external_id: 'cb_inv_1010', status: 'open' },
	// Picked in the version 2 cases and the editor check.
	{ uuid: 'inv_cm_2011', external_id: 'INV-2011', status: 'open', line_items: [{ amount_in_cents: 25_000 }] },
	{ uuid: 'inv_cm_2012', external_id: 'INV-2012', status: 'open', customer_uuid: 'cus_moving' },
	// Disabled already: listed only with With Disabled, and Enable brings it back.
	{ uuid: 'inv_cm_2013', external_id: 'INV-2013', status: 'paid', disabled: true, disabled_at: '2026-01-15T10:30:00.000Z', disabled_by: 'owner@invoice-ops.test' },
];

const lastStatusChange = (sandbox: ChartMogulSandbox) => sandbox.statusChanges.at(-1);

/** Invoices seeded for Get Many (inv_00010...): several pages of them. */
const BULK = 1200;

export const chartMogul = served<ChartMogulSandbox>({
	name: 'chartMogul',
	displayName: 'ChartMogul',
	port: 4011,
	async start(port) {
		const sandbox = await ChartMogulSandbox.start(SANDBOX_ONLY, port);
		sandbox.addDataSource({ uuid: DATA_SOURCE, name: 'Sandbox billing', system: 'Chargebee', status: 'idle' });
		sandbox.addDataSource({ uuid: 'ds_chargebee', name: 'Chargebee EU', system: 'Chargebee', status: 'idle' });
		sandbox.addDataSource({ uuid: 'ds_stripe', name: 'Stripe US', system: 'Stripe', status: 'idle' });
		sandbox.addCustomer({ uuid: 'cus_1', name: 'Acme Corp', email: 'billing@acme.example', data_source_uuid: DATA_SOURCE });
		sandbox.addCustomer({ uuid: 'cus_leaving', name: 'Leaving Ltd', email: 'accounts@leaving.example', data_source_uuid: DATA_SOURCE });
		sandbox.addCustomer({ uuid: 'cus_moving', name: 'Moving GmbH', email: 'finance@moving.example', data_source_uuid: DATA_SOURCE });
		for (const seeded of SEED) sandbox.addInvoice({ data_source_uuid: DATA_SOURCE, ...seeded });
		// Enough for Get Many to page through (200 per page).
		sandbox.seedInvoices(BULK);
		return sandbox;
	},
	url: (sandbox) => sandbox.url,
	close: async (sandbox) => await sandbox.close(),
	state: (sandbox) => ({ invoices: [...sandbox.invoices.values()], deleted: sandbox.deleted }),
	credential: (url) => ({ type: 'invoiceOpsChartMogulApi', data: { apiKey: SANDBOX_ONLY, baseUrl: url } }),
	example: { resource: 'invoice', operation: 'void', invoiceId: 'inv_cm_2001' },
	cases: [
		{
			title: 'void by UUID',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_cm_2001', handleAsUserEdit: true },
			expect: { provider: 'chartMogul', operation: 'void', invoiceId: 'inv_cm_2001', success: true, outcome: 'voided', dryRun: false },
			check: (sandbox) => {
				assert.equal(sandbox.invoices.get('inv_cm_2001')!.status, 'voided');
				assert.deepEqual(lastStatusChange(sandbox), { uuid: 'inv_cm_2001', status: 'voided', handleAsUserEdit: true });
			},
		},
		{
			title: 'write off by external id',
			parameters: { resource: 'invoice', operation: 'writeOff', invoiceId: 'INV-2006', invoiceIdType: 'externalId', dataSourceUuid: DATA_SOURCE },
			expect: { operation: 'writeOff', success: true, outcome: 'written_off' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('inv_cm_2006')!.status, 'written_off'),
		},
		{
			title: 'delete by UUID',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'inv_cm_2007' },
			expect: { operation: 'delete', invoiceId: 'inv_cm_2007', success: true, outcome: 'deleted' },
			check: (sandbox) => assert.ok(sandbox.deleted.includes('inv_cm_2007')),
		},
		{
			title: 'delete all invoices of a customer',
			parameters: { resource: 'invoice', operation: 'deleteAllForCustomer', customerUuid: 'cus_leaving', dataSourceUuid: DATA_SOURCE },
			expect: { operation: 'deleteAllForCustomer', success: true, outcome: 'deleted' },
			check: (sandbox) => {
				assert.ok(sandbox.deleted.includes('inv_cm_2008'));
				assert.ok(sandbox.deleted.includes('inv_cm_2009'));
				assert.ok(sandbox.invoices.has('inv_cm_2002'), 'other customers keep their invoices');
			},
		},
		{
			title: 'disable by UUID',
			parameters: { resource: 'invoice', operation: 'disable', invoiceId: 'inv_cm_2003' },
			expect: { operation: 'disable', invoiceId: 'inv_cm_2003', success: true, outcome: 'disabled', dryRun: false },
			check: (sandbox) => {
				assert.equal(sandbox.invoices.get('inv_cm_2003')!.disabled, true);
				assert.deepEqual(sandbox.disabledChanges.at(-1), { uuid: 'inv_cm_2003', disabled: true });
			},
		},
		{
			title: 'enable the invoice just disabled, by external id: back in the metrics',
			parameters: { resource: 'invoice', operation: 'enable', invoiceId: 'INV-2003', invoiceIdType: 'externalId', dataSourceUuid: DATA_SOURCE },
			expect: { operation: 'enable', invoiceId: 'INV-2003', success: true, outcome: 'enabled', dryRun: false },
			check: (sandbox) => {
				assert.equal(sandbox.invoices.get('inv_cm_2003')!.disabled, false);
				assert.deepEqual(sandbox.disabledChanges.slice(-2), [
					{ uuid: 'inv_cm_2003', disabled: true },
					{ uuid: 'inv_cm_2003', disabled: false },
				]);
			},
		},
		{
			title: 'enable by external id',
			parameters: { resource: 'invoice', operation: 'enable', invoiceId: 'INV-2013', invoiceIdType: 'externalId', dataSourceUuid: DATA_SOURCE },
			expect: { operation: 'enable', invoiceId: 'INV-2013', success: true, outcome: 'enabled' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('inv_cm_2013')!.disabled, false),
		},
		{
			title: 'get',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_cm_2002' },
			expect: { operation: 'get', invoiceId: 'inv_cm_2002', success: true, outcome: 'fetched' },
			check: (_sandbox, item) => assert.equal((item?.response as { status: string }).status, 'paid'),
		},
		{
			title: 'void as a dry run',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_cm_2002', options: { dryRun: true } },
			expect: { operation: 'void', success: true, outcome: 'would_void', dryRun: true },
			check: (sandbox) => assert.equal(sandbox.invoices.get('inv_cm_2002')!.status, 'paid'),
		},
		{
			title: 'version 2: write off of an external id picked in a picked data source',
			typeVersion: 2,
			parameters: {
				resource: 'invoice',
				operation: 'writeOff',
				invoiceIdType: 'externalId',
				dataSourceUuid: { __rl: true, mode: 'list', value: DATA_SOURCE },
				invoiceId: { __rl: true, mode: 'list', value: 'INV-2011' },
			},
			expect: { operation: 'writeOff', invoiceId: 'INV-2011', success: true, outcome: 'written_off' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('inv_cm_2011')!.status, 'written_off'),
		},
		{
			title: 'version 2: delete all invoices of a picked customer in a picked data source',
			typeVersion: 2,
			parameters: {
				resource: 'invoice',
				operation: 'deleteAllForCustomer',
				dataSourceUuid: { __rl: true, mode: 'list', value: DATA_SOURCE },
				customerUuid: { __rl: true, mode: 'list', value: 'cus_moving' },
			},
			expect: { operation: 'deleteAllForCustomer', success: true, outcome: 'deleted', customerUuid: 'cus_moving', dataSourceUuid: DATA_SOURCE },
			check: (sandbox) => assert.ok(sandbox.deleted.includes('inv_cm_2012')),
		},
		{
			title: 'get of an unknown invoice, Continue On Fail',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_cm_missing' },
			onError: 'continueRegularOutput',
			expect: { invoiceId: 'inv_cm_missing', success: false, outcome: 'failed' },
			check: (_sandbox, item) => assert.equal((item?.error as { httpStatus: number }).httpStatus, 404),
		},
	],

	chains: [
		{
			title: 'bulk clean-up: Get Many (one customer, every page) -> Void with Dry Run',
			first: { resource: 'invoice', operation: 'getAll', returnAll: true, filters: { customerUuid: 'cus_2' } },
			second: {
				resource: 'invoice',
				operation: 'void',
				invoiceId: '={{ $json.uuid }}',
				options: { dryRun: true, maxRequestsPerSecond: 500 },
			},
			check: (sandbox, items) => {
				const found = [...sandbox.invoices.values()].filter((candidate) => candidate.customer_uuid === 'cus_2');
				assert.ok(found.length > 200, 'the search spans more than one page');
				assert.deepEqual(items.map((item) => item.invoiceId), found.map((candidate) => candidate.uuid));
				for (const item of items) assert.deepEqual([item.outcome, item.dryRun], ['would_void', true]);
				assert.ok(found.every((candidate) => candidate.status === 'open'), 'a dry run changes nothing');
			},
		},
	],
});
