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
	{ id: 'cb_inv_1020', status: 'payment_due' },
	{ id: 'cb_inv_1021', status: 'payment_due' },
	// Picked in the version 2 cases and the editor check.
	{ id: 'cb_inv_1030', status: 'payment_due', customer_id: 'cust_picker', total: 4900, date: 1_767_312_000 },
	{ id: 'cb_inv_1031', status: 'posted', customer_id: 'cust_picker', total: 12900, date: 1_767_398_400 },
];

/** An invoice whose requests the sandbox answers with a redirect to another host. */
const REDIRECTED = 'cb_inv_1020';
/** Invoices seeded for Get Many (inv_00010...): several pages of them. */
const BULK = 1200;

/** The bulk clean-up's search: payment due invoices of one customer (more than one page). */
const CLEAN_UP = { status: ['payment_due'], customerId: 'cust_2' };

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
		// A misconfigured proxy in front of Chargebee: this invoice's requests are redirected.
		sandbox.server.faultFunction = (request) =>
			request.url.includes(REDIRECTED)
				? { kind: 'reply', reply: { status: 302, headers: { Location: 'http://127.0.0.1:9/landing?session=1' }, body: {} } }
				: undefined;
		// Enough for Get Many to page through (100 per page).
		sandbox.seedInvoices(BULK);
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
			title: 'Dry Run given as the text "TRUE" by an expression writes nothing',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'cb_inv_1021', options: { dryRun: '={{ "TR" + "UE" }}' } },
			expect: { operation: 'void', invoiceId: 'cb_inv_1021', success: true, outcome: 'would_void', dryRun: true },
			check: (sandbox) => assert.equal(invoice(sandbox, 'cb_inv_1021').status, 'payment_due'),
		},
		{
			title: 'Dry Run given as the text "maybe" is refused before any request',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'cb_inv_1021', options: { dryRun: '={{ "maybe" }}' } },
			onError: 'continueRegularOutput',
			expect: { invoiceId: 'cb_inv_1021', success: false, outcome: 'failed' },
			check: (sandbox, item) => {
				assert.match((item?.error as { message: string }).message, /"Dry Run" must be true or false/);
				assert.equal(invoice(sandbox, 'cb_inv_1021').status, 'payment_due');
			},
		},
		{
			title: 'a void answered with a redirect is refused, not followed',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: REDIRECTED },
			onError: 'continueRegularOutput',
			expect: { invoiceId: REDIRECTED, success: false, outcome: 'failed' },
			check: (sandbox, item) => {
				const error = item?.error as { message: string; httpStatus: number; code: string };
				assert.equal(error.code, 'redirect_refused');
				assert.equal(error.httpStatus, 302);
				assert.match(error.message, /redirect \(HTTP 302\) to 127\.0\.0\.1:9, which the node does not follow/);
				assert.equal(invoice(sandbox, REDIRECTED).status, 'payment_due');
			},
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
			title: 'version 2: void of an invoice picked From List',
			typeVersion: 2,
			parameters: { resource: 'invoice', operation: 'void', invoiceId: { __rl: true, mode: 'list', value: 'cb_inv_1030' }, comment: 'picked' },
			expect: { operation: 'void', invoiceId: 'cb_inv_1030', success: true, outcome: 'voided' },
			check: (sandbox) => assert.equal(invoice(sandbox, 'cb_inv_1030').status, 'voided'),
		},
		{
			title: 'version 2: get of an invoice given By URL',
			typeVersion: 2,
			parameters: { resource: 'invoice', operation: 'get', invoiceId: { __rl: true, mode: 'url', value: 'https://acme-test.chargebee.com/d/invoices/cb_inv_1031' } },
			expect: { operation: 'get', invoiceId: 'cb_inv_1031', success: true, outcome: 'fetched' },
			check: (_sandbox, item) => assert.equal((item?.response as { invoice: { status: string } }).invoice.status, 'posted'),
		},
		{
			title: 'delete refused (payments), stops the workflow',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'cb_inv_1009' },
			expectFailure: 'invalid_state_for_request',
			check: (sandbox) => assert.equal(invoice(sandbox, 'cb_inv_1009').deleted, false),
		},
	],

	chains: [
		{
			title: 'bulk clean-up: Get Many (payment due, one customer, every page) -> Void with Dry Run',
			first: { resource: 'invoice', operation: 'getAll', returnAll: true, filters: CLEAN_UP },
			second: { resource: 'invoice', operation: 'void', invoiceId: '={{ $json.id }}', comment: 'Bulk clean-up', options: { dryRun: true } },
			check: (sandbox, items) => {
				const found = [...sandbox.invoices.values()].filter(
					(candidate) => candidate.status === 'payment_due' && candidate.customer_id === 'cust_2' && !candidate.deleted,
				);
				assert.ok(found.length > 100, 'the search spans more than one page');
				assert.deepEqual(items.map((item) => item.invoiceId), found.map((candidate) => candidate.id));
				for (const item of items) assert.deepEqual([item.outcome, item.dryRun], ['would_void', true]);
				assert.ok(found.every((candidate) => candidate.status === 'payment_due'), 'a dry run changes nothing');
			},
		},
	],
});
