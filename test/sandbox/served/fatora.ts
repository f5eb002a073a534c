import { assert } from '../../harness/node';
import { FatoraSandbox, type FatoraInvoice } from '../fatora';
import { served } from './types';

/** The sandbox's own API key: it reaches nothing but the sandbox. */
const SANDBOX_ONLY = 'fat_live_k3y_5e1d7c';

/** Invoices in each payment status Fatora reports. */
const SEED: Array<Partial<FatoraInvoice> & { id: string }> = [
	{ id: '3001', payment_status: 'unpaid', total: 150 },
	{ id: '3002', payment_status: 'paid', total: 240 },
	{ id: '3003', payment_status: 'partially_paid', total: 99 },
	{ id: '3004', payment_status: 'unpaid', total: 75 },
	// Picked in the version 2 case and the editor check.
	{ id: '3005', payment_status: 'unpaid', total: 310, client_name: 'ACME Trading', issue_date: '2026-01-20' },
];

/** Invoices seeded for Get Many (ids 1005...): several pages of them. */
const BULK = 1200;

export const fatora = served<FatoraSandbox>({
	name: 'fatora',
	displayName: 'Fatora',
	port: 4013,
	async start(port) {
		const sandbox = await FatoraSandbox.start(SANDBOX_ONLY, port);
		for (const seeded of SEED) sandbox.addInvoice({ currency: 'SAR', ...seeded });
		// Enough for Get Many to page through (100 per page).
		sandbox.seedInvoices(BULK);
		return sandbox;
	},
	url: (sandbox) => sandbox.url,
	close: async (sandbox) => await sandbox.close(),
	state: (sandbox) => [...sandbox.invoices.values()],
	credential: (url) => ({ type: 'invoiceOpsFatoraApi', data: { apiKey: SANDBOX_ONLY, baseUrl: url } }),
	example: { resource: 'invoice', operation: 'get', invoiceId: '3001' },
	cases: [
		{
			title: 'get (bearer token minted by preAuthentication)',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: '3002' },
			expect: { provider: 'fatora', operation: 'get', invoiceId: '3002', success: true, outcome: 'fetched' },
			check: (sandbox, item) => {
				assert.equal((item?.response as { payment_status: string }).payment_status, 'paid');
				assert.ok(sandbox.authorizeRequests.length >= 1);
			},
		},
		{
			title: 'delete',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '3004' },
			expect: { operation: 'delete', invoiceId: '3004', success: true, outcome: 'deleted', response: null },
			check: (sandbox) => assert.equal(sandbox.invoices.has('3004'), false),
		},
		{
			title: 'delete as a dry run',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '3001', options: { dryRun: true } },
			expect: { operation: 'delete', success: true, outcome: 'would_delete', dryRun: true },
			check: (sandbox) => assert.equal(sandbox.invoices.has('3001'), true),
		},
		{
			title: 'version 2: delete of an invoice picked From List',
			typeVersion: 2,
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: { __rl: true, mode: 'list', value: '3005' } },
			expect: { operation: 'delete', invoiceId: '3005', success: true, outcome: 'deleted' },
			check: (sandbox) => assert.equal(sandbox.invoices.has('3005'), false),
		},
		{
			title: 'delete of an unknown invoice stops the workflow',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '9999' },
			expectFailure: 'Invoice not found',
		},
	],

	chains: [
		{
			title: 'bulk clean-up: Get Many (unpaid, one client, every page) -> Delete with Dry Run',
			first: { resource: 'invoice', operation: 'getAll', returnAll: true, filters: { status: 'unpaid', clientEmail: 'client2@example.com' } },
			second: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', options: { dryRun: true } },
			check: (sandbox, items) => {
				const found = [...sandbox.invoices.values()].filter(
					(candidate) => candidate.payment_status === 'unpaid' && candidate.client_email === 'client2@example.com',
				);
				assert.ok(found.length > 100, 'the search spans more than one page');
				assert.deepEqual(items.map((item) => item.invoiceId), found.map((candidate) => candidate.id));
				for (const item of items) assert.deepEqual([item.outcome, item.dryRun], ['would_delete', true]);
				assert.ok(found.every((candidate) => sandbox.invoices.has(candidate.id)), 'a dry run deletes nothing');
			},
		},
	],
});
