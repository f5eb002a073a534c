import { assert } from '../../harness/node';
import { HighLevelSandbox, type HighLevelInvoice } from '../highlevel';
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
];

export const highLevel = served<HighLevelSandbox>({
	name: 'highLevel',
	displayName: 'HighLevel',
	port: 4012,
	async start(port) {
		const sandbox = await HighLevelSandbox.start(port);
		sandbox.tokens.set(SANDBOX_ONLY, LOCATION);
		for (const seeded of SEED) sandbox.addInvoice({ altId: LOCATION, ...seeded });
		return sandbox;
	},
	url: (sandbox) => sandbox.url,
	close: async (sandbox) => await sandbox.close(),
	state: (sandbox) => [...sandbox.invoices.values()],
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
			title: 'void refused (paid), Continue On Fail',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'hl_inv_4004', altType: 'location' },
			onError: 'continueRegularOutput',
			expect: { invoiceId: 'hl_inv_4004', success: false, outcome: 'failed' },
			check: (sandbox) => assert.equal(sandbox.invoices.get('hl_inv_4004')!.status, 'paid'),
		},
	],
});
