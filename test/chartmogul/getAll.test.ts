import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { ChartMogulSandbox, oversizedListPages } from '../sandbox/chartmogul';

const FAST = { retryBaseDelayMs: 5 };

describe('ChartMogul Get Many in the n8n engine', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', operation: 'getAll', ...parameters } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
			...extra,
		});
	const uuids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.uuid);

	it('returns the first 50 invoices by default, each item the invoice itself', async () => {
		const seeded = sandbox.seedInvoices(1050);
		const result = await run({});

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items[0].json, seeded[0]);
		assert.deepEqual(uuids(result.items), seeded.slice(0, 50).map((invoice) => invoice.uuid));
		result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 0 }));
		assert.deepEqual(sandbox.requests.map((request) => request.query), [{ per_page: '50' }]);
	});

	it('Return All reads every page at 200 with the cursor until has_more is false', async () => {
		const seeded = sandbox.seedInvoices(1050);
		const result = await run({ returnAll: true });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(uuids(result.items), seeded.map((invoice) => invoice.uuid));
		assert.equal(sandbox.requests.length, Math.ceil(1050 / 200));
		assert.ok(sandbox.requests.every((request) => request.query.per_page === '200'));
		assert.equal(sandbox.requests[0].query.cursor, undefined);
		assert.ok(sandbox.requests.slice(1).every((request) => typeof request.query.cursor === 'string'));
	});

	it('a limit above one page asks the last page for only what is missing', async () => {
		sandbox.seedInvoices(1050);
		const result = await run({ limit: 450 });
		assert.equal(result.items.length, 450);
		assert.deepEqual(sandbox.requests.map((request) => request.query.per_page), ['200', '200', '50']);
	});

	it('maps each filter onto the query and returns only what matches', async () => {
		const seeded = sandbox.seedInvoices(600);
		const byCustomer = await run({ returnAll: true, filters: { customerUuid: 'cus_2' } });
		const byBoth = await run({ returnAll: true, filters: { customerUuid: 'cus_2', dataSourceUuid: 'ds_stripe' } });
		const byExternalId = await run({ returnAll: true, filters: { dataSourceUuid: 'ds_chargebee', externalId: ' ext_00004 ' } });

		assert.deepEqual(uuids(byCustomer.items), seeded.filter((invoice) => invoice.customer_uuid === 'cus_2').map((invoice) => invoice.uuid));
		assert.deepEqual(
			uuids(byBoth.items),
			seeded.filter((invoice) => invoice.customer_uuid === 'cus_2' && invoice.data_source_uuid === 'ds_stripe').map((invoice) => invoice.uuid),
		);
		assert.deepEqual(uuids(byExternalId.items), ['inv_00004']);
		const queries = sandbox.requests.map((request) => request.query);
		assert.deepEqual(queries[0], { customer_uuid: 'cus_2', per_page: '200' });
		assert.deepEqual(queries.at(-1), { data_source_uuid: 'ds_chargebee', external_id: 'ext_00004', per_page: '200' });
	});

	it('one search per input item, paired with it; a customer without invoices gives no item', async () => {
		sandbox.seedInvoices(9);
		const result = await run(
			{ returnAll: true, filters: { customerUuid: '={{ $json.customer }}' } },
			{ items: [{ customer: 'cus_nobody' }, { customer: 'cus_1' }] },
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(uuids(result.items), ['inv_00003', 'inv_00006', 'inv_00009']);
		result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 1 }));
	});

	it('an empty result is no output item and no error', async () => {
		const result = await run({ returnAll: true });
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 0);
	});

	it('fails clearly, without looping, when the cursor does not advance', async () => {
		const page = { kind: 'reply' as const, reply: { status: 200, body: { invoices: [{ uuid: 'inv_x' }], cursor: 'same', has_more: true } } };
		sandbox.server.inject(page, page);
		const result = await run({ returnAll: true });
		assert.match(String(result.error?.message), /ChartMogul answered page 2 of the invoice list with a next page position it had already given \(same\)/);
		assert.equal(sandbox.requests.length, 2);
	});

	it('Return All stops with a clear error past 100,000 invoices instead of holding them all', async () => {
		sandbox.server.faultFunction = oversizedListPages(10_000, 12);
		try {
			const result = await run({ returnAll: true });
			assert.equal(result.items.length, 0);
			assert.equal(
				result.error?.message,
				'ChartMogul has more than 100,000 invoices for this search; the node holds at most 100,000 in one execution and stops here, before they fill its memory',
			);
			assert.match(String(result.error?.description), /Narrow the search with Filters .* batches with Limit/);
			assert.equal(sandbox.requests.length, 11, 'stopped at the page that passed the ceiling');
		} finally {
			sandbox.server.faultFunction = undefined;
		}
	});

	it('a list that shifts while it is read outputs each invoice once', async () => {
		const seeded = sandbox.seedInvoices(450);
		sandbox.pagingFault = { overlap: 7 };
		const result = await run({ returnAll: true });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(uuids(result.items), seeded.map((invoice) => invoice.uuid));
		assert.match(String(result.hints[0]?.message), /^Get Many: 450 invoices, 7 repeated records dropped/);
	});

	it('fails clearly when has_more comes without a cursor', async () => {
		sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { invoices: [], cursor: null, has_more: true } } });
		const result = await run({ returnAll: true });
		assert.match(String(result.error?.message), /has more pages \(has_more\) but gave no cursor/);
		assert.equal(sandbox.requests.length, 1);
	});

	it('waits out a 429 with Retry-After between pages and goes on', async () => {
		const seeded = sandbox.seedInvoices(450);
		let refused = false;
		sandbox.server.faultFunction = (request) => {
			if (refused || request.query.cursor === undefined) return undefined;
			refused = true;
			return { kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { message: 'Rate limit reached' } } };
		};
		try {
			const result = await run({ returnAll: true, options: FAST });
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(uuids(result.items), seeded.map((invoice) => invoice.uuid));
			assert.equal(sandbox.requests.length, 4);
			assert.equal(sandbox.requests[1].query.cursor, sandbox.requests[2].query.cursor);
		} finally {
			sandbox.server.faultFunction = undefined;
		}
	});

	it('refuses a limit below 1 before any request', async () => {
		const result = await run({ limit: 0 });
		assert.match(String(result.error?.message), /The parameter "Limit" must be between 1/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('refuses a filter that is not text before any request', async () => {
		const result = await run({ filters: { customerUuid: '={{ { id: 1 } }}' } });
		assert.match(String(result.error?.message), /The filter "Customer UUID" must be text/);
		assert.equal(sandbox.requests.length, 0);
	});
});
