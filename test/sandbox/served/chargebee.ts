import { assert } from '../../harness/node';
import { ChargebeeSandbox, type ChargebeeInvoice } from '../chargebee';
import { served } from './types';

/** The invoice the mirror example (Chargebee deleted -> ChartMogul delete) is built around. */
export const MIRROR_INVOICE = 'cb_inv_1010';

/** One invoice in every status Chargebee has, plus the cases its rules refuse. */
const SEED: Array<Partial<ChargebeeInvoice> & { id: string }> = [
	{ id: 'cb_inv_1001', status: 'payment_due' },
	{ id: 'cb_inv_1002', status: 'posted' },
	{ id: 'cb_inv_1003', status: 'not_paid' },
	{ id: 'cb_inv_1004', status: 'paid', amount_due: 0, amount_paid: 10000, linked_payments: [{ txn_id: 'txn_1004', txn_status: 'success' }] },
	{ id: 'cb_inv_1005', status: 'voided', amount_due: 0 },
	{ id: 'cb_inv_1006', status: 'pending' },
	{ id: 'cb_inv_1007', status: 'payment_due', amount_due: 2500, total: 2500 },
	{ id: 'cb_inv_1008', status: 'posted', amount_due: 4200, total: 4200 },
	{ id: 'cb_inv_1009', status: 'payment_due', amount_paid: 500, amount_due: 9500, linked_payments: [{ txn_id: 'txn_1009', txn_status: 'success' }] },
	// Also in the ChartMogul sandbox (external id cb_inv_1010): delete it here to see the mirror example work.
	{ id: MIRROR_INVOICE, status: 'payment_due' },
];

/** The sandbox's own API key: it reaches nothing but the sandbox. */
const SANDBOX_ONLY = 'test_cb_key_7f3a91';

const invoice = (sandbox: ChargebeeSandbox, id: string) => sandbox.invoices.get(id)!;

export const chargebee = served<ChargebeeSandbox>({
	name: 'chargebee',
	displayName: 'Chargebee',
	port: 4010,
	async start(port) {
		const sandbox = await ChargebeeSandbox.start(SANDBOX_ONLY, port);
		for (const seeded of SEED) sandbox.addInvoice(seeded);
		return sandbox;
	},
	url: (sandbox) => sandbox.url,
	close: async (sandbox) => await sandbox.close(),
	state: (sandbox) => [...sandbox.invoices.values()],
	credential: (url) => ({
		type: 'invoiceOpsChargebeeApi',
		data: { site: 'acme-test', apiKey: SANDBOX_ONLY, baseUrl: url },
	}),
	example: { resource: 'invoice', operation: 'void', invoiceId: 'cb_inv_1001', comment: 'Voided from the n8n sandbox' },
	cases: [
		{
			title: 'void',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'cb_inv_1001', comment: 'e2e', voidReasonCode: 'Duplicate' },
			expect: { provider: 'chargebee', operation: 'void', invoiceId: 'cb_inv_1001', success: true, outcome: 'voided', dryRun: false, attempts: 1 },
			check: (sandbox) => {
				assert.equal(invoice(sandbox, 'cb_inv_1001').status, 'voided');
				assert.equal(invoice(sandbox, 'cb_inv_1001').void_reason_code, 'Duplicate');
			},
		},
		{
			title: 'delete',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'cb_inv_1007', claimCredits: true },
			expect: { operation: 'delete', invoiceId: 'cb_inv_1007', success: true, outcome: 'deleted' },
			check: (sandbox) => assert.equal(invoice(sandbox, 'cb_inv_1007').deleted, true),
		},
		{
			title: 'write off',
			parameters: { resource: 'invoice', operation: 'writeOff', invoiceId: 'cb_inv_1008', comment: 'Uncollectable' },
			expect: { operation: 'writeOff', invoiceId: 'cb_inv_1008', success: true, outcome: 'written_off' },
			check: (sandbox, item) => {
				assert.equal(invoice(sandbox, 'cb_inv_1008').status, 'paid');
				assert.equal((item?.response as { credit_note: { total: number } }).credit_note.total, 4200);
			},
		},
		{
			title: 'get',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'cb_inv_1004' },
			expect: { operation: 'get', invoiceId: 'cb_inv_1004', success: true, outcome: 'fetched' },
			check: (_sandbox, item) => assert.equal((item?.response as { invoice: { status: string } }).invoice.status, 'paid'),
		},
		{
			title: 'void as a dry run',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'cb_inv_1002', options: { dryRun: true } },
			expect: { operation: 'void', invoiceId: 'cb_inv_1002', success: true, outcome: 'would_void', dryRun: true },
			check: (sandbox) => assert.equal(invoice(sandbox, 'cb_inv_1002').status, 'posted'),
		},
		{
			title: 'void refused (paid), Continue On Fail',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'cb_inv_1004' },
			onError: 'continueRegularOutput',
			expect: { invoiceId: 'cb_inv_1004', success: false, outcome: 'failed' },
			check: (sandbox, item) => {
				assert.deepEqual((item?.error as { code: string; httpStatus: number }).code, 'invalid_state_for_request');
				assert.equal(invoice(sandbox, 'cb_inv_1004').status, 'paid');
			},
		},
		{
			title: 'delete refused (payments), stops the workflow',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'cb_inv_1009' },
			expectFailure: 'invalid_state_for_request',
			check: (sandbox) => assert.equal(invoice(sandbox, 'cb_inv_1009').deleted, false),
		},
	],
});
