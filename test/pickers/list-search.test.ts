/**
 * The pickers of node version 2 (From List): each listSearch method in n8n-core's real
 * LoadOptionsContext against the stateful sandboxes: the entries and what they show, the
 * provider's search (or the node's where the provider has none), paging with n8n's pagination
 * token, and a refused credential, whose message is the one the node gives when it runs.
 */
import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { INodeListSearchResult } from 'n8n-workflow';

import { listSearch } from '../harness/list-search';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { ChartMogulSandbox } from '../sandbox/chartmogul';
import { FatoraSandbox } from '../sandbox/fatora';
import { HighLevelSandbox } from '../sandbox/highlevel';

/** Every page of a list, following the pagination tokens; fails on a token that repeats. */
async function allPages(open: (token: string | undefined) => Promise<INodeListSearchResult>): Promise<INodeListSearchResult['results']> {
	const results: INodeListSearchResult['results'] = [];
	const tokens = new Set<string>();
	let token: string | undefined;
	for (;;) {
		const page = await open(token);
		results.push(...page.results);
		if (page.paginationToken === undefined) return results;
		assert.ok(!tokens.has(String(page.paginationToken)), 'the token advances');
		tokens.add(String(page.paginationToken));
		token = String(page.paginationToken);
	}
}

describe('Chargebee invoice picker', () => {
	let sandbox: ChargebeeSandbox;
	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const open = (filter?: string, paginationToken?: string, credentials = sandbox.credentials()) =>
		listSearch({
			node: 'chargebee',
			method: 'searchInvoices',
			parameters: { resource: 'invoice', operation: 'void' },
			credentials: { invoiceOpsChargebeeApi: credentials },
			filter,
			paginationToken,
		});

	it('lists invoices with id, customer, amount with currency, status and date, each linked to its page in the app', async () => {
		sandbox.invoices.clear();
		sandbox.addInvoice({ id: 'inv_77', customer_id: 'cust_acme', total: 12345, currency_code: 'EUR', status: 'payment_due', date: 1_767_312_000 });
		const { results, paginationToken } = await open();
		assert.deepEqual(results, [
			{
				name: 'inv_77 · cust_acme · 123.45 EUR · payment due · 2026-01-02',
				value: 'inv_77',
				url: 'https://acme-test.chargebee.com/d/invoices/inv_77',
			},
		]);
		assert.equal(paginationToken, undefined);
		const [request] = sandbox.requests;
		assert.equal(request.rawPath, '/api/v2/invoices');
		assert.deepEqual(request.query, { limit: '50' });
	});

	it("searches with Chargebee's id[starts_with] and pages with next_offset", async () => {
		sandbox.invoices.clear();
		sandbox.seedInvoices(120);
		sandbox.addInvoice({ id: 'other_1' });
		const found = await allPages((token) => open('inv_000', token));
		assert.equal(found.length, 99, 'inv_00001 ... inv_00099');
		assert.deepEqual(new Set(found.map((entry) => entry.value)).size, 99, 'no entry twice');
		assert.ok(sandbox.requests.every((request) => request.query['id[starts_with]'] === 'inv_000'));
		assert.equal(sandbox.requests.length, 2);
		assert.equal(sandbox.requests[1].query.offset, '["50"]');
	});

	it('a refused key reads as the node says it: "Chargebee could not list invoices: ..."', async () => {
		await assert.rejects(open(undefined, undefined, sandbox.credentials({ apiKey: 'wrong' })), (error: Error & { description?: string }) => {
			assert.match(error.message, /^Chargebee could not list invoices: Sorry, authentication failed\. Invalid api key \(api_authentication_failed, HTTP 401\)$/);
			assert.match(String(error.description), /did not accept the credential: check the API key/);
			assert.ok(!error.message.includes('wrong'));
			return true;
		});
	});
});

describe('ChartMogul pickers', () => {
	let sandbox: ChartMogulSandbox;
	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const open = (method: string, parameters: Record<string, unknown>, filter?: string, paginationToken?: string, apiKey?: string) =>
		listSearch({
			node: 'chartMogul',
			method,
			parameters: { resource: 'invoice', ...parameters },
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials(apiKey ? { apiKey } : {}) },
			filter,
			paginationToken,
		});

	it('with Invoice ID Type "External ID" and no data source chosen, the invoice list asks for the data source and lists nothing', async () => {
		sandbox.addInvoice({ uuid: 'inv_a', external_id: 'INV-1', data_source_uuid: 'ds_a' });
		await assert.rejects(open('searchInvoices', { operation: 'disable', invoiceIdType: 'externalId', dataSourceUuid: '' }), /Choose the Data Source first/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('lists invoices by UUID with external id, customer, total of the line items, status and date', async () => {
		sandbox.addInvoice({
			uuid: 'inv_a',
			external_id: 'INV-7',
			customer_uuid: 'cus_9',
			currency: 'USD',
			status: 'open',
			date: '2026-03-04T00:00:00.000Z',
			line_items: [{ amount_in_cents: 1000 }, { amount_in_cents: 250 }],
		});
		const { results } = await open('searchInvoices', { operation: 'void', invoiceIdType: 'uuid' });
		assert.deepEqual(results, [{ name: 'INV-7 (inv_a) · cus_9 · 12.50 USD · open · 2026-03-04', value: 'inv_a' }]);
	});

	it('with Invoice ID Type "External ID" gives the external id, in the picked data source only', async () => {
		sandbox.addInvoice({ uuid: 'inv_a', external_id: 'INV-1', data_source_uuid: 'ds_one' });
		sandbox.addInvoice({ uuid: 'inv_b', external_id: 'INV-2', data_source_uuid: 'ds_two' });
		const picked = { __rl: true, mode: 'list', value: 'ds_two' };
		const { results } = await open('searchInvoices', { operation: 'get', invoiceIdType: 'externalId', dataSourceUuid: picked });
		assert.deepEqual(results.map((entry) => entry.value), ['INV-2']);
		assert.equal(sandbox.requests[0].query.data_source_uuid, 'ds_two');
	});

	it('matches typed text against each page (ChartMogul has no invoice search) and pages with the cursor', async () => {
		sandbox.seedInvoices(130);
		const found = await allPages((token) => open('searchInvoices', { operation: 'delete' }, 'ext_0011', token));
		assert.deepEqual(found.map((entry) => entry.value), ['inv_00110', 'inv_00111', 'inv_00112', 'inv_00113', 'inv_00114', 'inv_00115', 'inv_00116', 'inv_00117', 'inv_00118', 'inv_00119']);
		assert.equal(sandbox.requests.length, 3, '130 invoices in pages of 50');
		assert.ok(sandbox.requests.every((request) => request.query.per_page === '50'));
	});

	it('lists the data sources of GET /v1/data_sources with their system and status, and searches them by name', async () => {
		sandbox.addDataSource({ uuid: 'ds_1', name: 'Stripe EU', system: 'Stripe', status: 'idle' });
		sandbox.addDataSource({ uuid: 'ds_2', name: 'Manual imports', system: 'Import API', status: 'idle' });
		const all = await open('searchDataSources', { operation: 'deleteAllForCustomer' });
		assert.deepEqual(all.results, [
			{ name: 'Stripe EU (Stripe, idle)', value: 'ds_1' },
			{ name: 'Manual imports (Import API, idle)', value: 'ds_2' },
		]);
		assert.equal(all.paginationToken, undefined, 'one page');
		const searched = await open('searchDataSources', { operation: 'deleteAllForCustomer' }, 'stripe');
		assert.deepEqual(searched.results.map((entry) => entry.value), ['ds_1']);
		assert.deepEqual(sandbox.requests.map((request) => request.rawPath), ['/v1/data_sources', '/v1/data_sources']);
	});

	it('lists customers of the picked data source, pages them, and searches an email with ChartMogul\'s customer search', async () => {
		for (let index = 1; index <= 60; index++) {
			sandbox.addCustomer({ uuid: `cus_${index}`, name: `Client ${index}`, email: `client${index}@example.com`, data_source_uuid: index % 2 ? 'ds_odd' : 'ds_even' });
		}
		const parameters = { operation: 'deleteAllForCustomer', dataSourceUuid: { __rl: true, mode: 'list', value: 'ds_even' } };
		const even = await allPages((token) => open('searchCustomers', parameters, undefined, token));
		assert.equal(even.length, 30);
		assert.deepEqual(even[0], { name: 'Client 2 · client2@example.com (cus_2)', value: 'cus_2' });
		assert.ok(sandbox.requests.every((request) => request.query.data_source_uuid === 'ds_even'));

		sandbox.requests.length = 0;
		const { results } = await open('searchCustomers', parameters, 'client7@example.com');
		assert.deepEqual(results.map((entry) => entry.value), ['cus_7']);
		assert.equal(sandbox.requests[0].rawPath, '/v1/customers/search');
		assert.equal(sandbox.requests[0].query.email, 'client7@example.com');
	});

	it('a wrong key: "ChartMogul could not list data sources: No valid API key provided", as the node words it', async () => {
		const error = await open('searchDataSources', { operation: 'deleteAllForCustomer' }, undefined, undefined, 'wrong_key').catch((thrown: Error) => thrown);
		assert.ok(error instanceof Error);
		assert.equal(error.message, 'ChartMogul could not list data sources: No valid API key provided (401, HTTP 401)');
		const run = await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' },
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials({ apiKey: 'wrong_key' }) },
		});
		assert.equal(run.error?.message, 'ChartMogul could not get invoice "inv_1": No valid API key provided (401, HTTP 401)');
		// The run adds what it changed before it stopped; the advice about the key is the same.
		assert.equal((error as Error & { description?: string }).description, 'ChartMogul did not accept the credential: check the API key or token.');
		assert.ok(run.error?.description?.startsWith('ChartMogul did not accept the credential: check the API key or token.'));
	});
});

describe('HighLevel invoice picker', () => {
	let sandbox: HighLevelSandbox;
	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
		sandbox.tokens.set('pit-picker', 'loc_1');
	});

	const open = (filter?: string, paginationToken?: string, token = 'pit-picker', altId = '') =>
		listSearch({
			node: 'highLevel',
			method: 'searchInvoices',
			parameters: { resource: 'invoice', operation: 'void', authentication: 'privateIntegrationToken', altId, altType: 'location' },
			credentials: { invoiceOpsHighLevelApi: { privateIntegrationToken: token, locationId: 'loc_1', baseUrl: sandbox.url } },
			filter,
			paginationToken,
		});

	it("lists the credential's location's invoices with number, contact, amount, status and issue date", async () => {
		sandbox.addInvoice({ _id: 'hl_1', altId: 'loc_1', invoiceNumber: 1042, contactDetails: { name: 'Ada Lovelace' }, total: 99.5, currency: 'USD', status: 'sent', issueDate: '2026-02-03' });
		sandbox.addInvoice({ _id: 'hl_2', altId: 'loc_other' });
		const { results } = await open();
		assert.deepEqual(results, [{ name: '1042 (hl_1) · Ada Lovelace · 99.50 USD · sent · 2026-02-03', value: 'hl_1' }]);
		assert.deepEqual(sandbox.requests[0].query, { altId: 'loc_1', altType: 'location', limit: '50', offset: '0' });
	});

	it("searches with HighLevel's search and pages by offset", async () => {
		sandbox.seedInvoices('loc_1', 120);
		const found = await allPages((token) => open('Invoice 1', token));
		// Invoice 1, 10-19, 100-120
		assert.equal(found.length, 1 + 10 + 21);
		assert.ok(sandbox.requests.every((request) => request.query.search === 'Invoice 1'));
		assert.deepEqual(sandbox.requests.map((request) => request.query.offset), ['0']);
		assert.equal(found.length < 50, true);
	});

	it('pages past 50 invoices with the offset as token', async () => {
		sandbox.seedInvoices('loc_1', 120);
		const found = await allPages((token) => open(undefined, token));
		assert.equal(found.length, 120);
		assert.deepEqual(sandbox.requests.map((request) => request.query.offset), ['0', '50', '100']);
	});

	it('a refused token reads as the node says it', async () => {
		await assert.rejects(open(undefined, undefined, 'pit-wrong'), (error: Error) => {
			assert.equal(error.message, 'HighLevel could not list invoices: Invalid JWT (401, HTTP 401)');
			return true;
		});
	});
});

describe('HighLevel invoice schedule picker', () => {
	let sandbox: HighLevelSandbox;
	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set('pit-picker', 'loc_1');
	});

	const open = (filter?: string, paginationToken?: string, token = 'pit-picker') =>
		listSearch({
			node: 'highLevel',
			method: 'searchSchedules',
			parameters: { resource: 'invoiceSchedule', operation: 'cancel', authentication: 'privateIntegrationToken', altId: '', altType: 'location' },
			credentials: { invoiceOpsHighLevelApi: { privateIntegrationToken: token, locationId: 'loc_1', baseUrl: sandbox.url } },
			filter,
			paginationToken,
		});

	it("lists the location's schedules with name, contact, amount, status and creation date, from /invoices/schedule", async () => {
		sandbox.addSchedule({ _id: 'sch_a', altId: 'loc_1', name: 'Monthly retainer', total: 500, currency: 'USD', status: 'active' });
		sandbox.addSchedule({ _id: 'sch_b', altId: 'loc_other' });
		const { results } = await open();
		assert.deepEqual(results, [{ name: 'Monthly retainer (sch_a) · Alex · 500.00 USD · active · 2026-01-01', value: 'sch_a' }]);
		assert.equal(sandbox.requests[0].rawPath.split('?')[0], '/invoices/schedule');
		assert.deepEqual(sandbox.requests[0].query, { altId: 'loc_1', altType: 'location', limit: '50', offset: '0' });
	});

	it('pages past 50 schedules with the offset as token, and searches with HighLevel\'s search', async () => {
		sandbox.seedSchedules('loc_1', 70);
		const found = await allPages((token) => open(undefined, token));
		assert.equal(found.length, 70);
		assert.deepEqual(sandbox.requests.map((request) => request.query.offset), ['0', '50']);
		sandbox.requests.length = 0;
		await open('Schedule 7');
		assert.equal(sandbox.requests[0].query.search, 'Schedule 7');
	});

	it('a refused token reads as the node says it', async () => {
		await assert.rejects(open(undefined, undefined, 'pit-wrong'), (error: Error) => {
			assert.equal(error.message, 'HighLevel could not list invoice schedules: Invalid JWT (401, HTTP 401)');
			return true;
		});
	});
});

describe('Fatora invoice picker', () => {
	let sandbox: FatoraSandbox;
	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const open = (filter?: string, paginationToken?: string, apiKey?: string) =>
		listSearch({
			node: 'fatora',
			method: 'searchInvoices',
			parameters: { resource: 'invoice', operation: 'delete' },
			credentials: { invoiceOpsFatoraApi: sandbox.credentials(apiKey ? { apiKey } : {}) },
			filter,
			paginationToken,
		});

	it('lists invoices with number, client, amount with currency, payment status and issue date', async () => {
		sandbox.addInvoice({ id: '77', number: 'INV-77', client_name: 'ACME Trading', total: 150, currency: 'SAR', payment_status: 'unpaid', issue_date: '2026-01-05' });
		const { results } = await open();
		assert.deepEqual(results, [{ name: 'INV-77 (77) · ACME Trading · 150.00 SAR · unpaid · 2026-01-05', value: '77' }]);
	});

	it("searches with Fatora's keyword and pages by page number", async () => {
		sandbox.seedInvoices(120);
		const found = await allPages((token) => open('Client 2', token));
		assert.equal(found.length, 40);
		assert.ok(sandbox.invoiceRequests.every((request) => request.query.keyword === 'Client 2' && request.query.page_size === '50'));
		const all = await allPages((token) => open(undefined, token));
		assert.equal(all.length, 120);
	});

	it('a refused key reads as the node says it', async () => {
		await assert.rejects(open(undefined, undefined, 'fat_wrong'), (error: Error) => {
			assert.match(error.message, /^Fatora could not list invoices: /);
			assert.ok(!error.message.includes('fat_wrong'));
			return true;
		});
	});
});
