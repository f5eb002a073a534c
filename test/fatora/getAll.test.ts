import { assert } from '../harness/node';
import { after, afterEach, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { assertNoSecret } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { FatoraSandbox } from '../sandbox/fatora';

const FAST = { retryBaseDelayMs: 5 };

describe('Fatora Get Many in the n8n engine', () => {
	let sandbox: FatoraSandbox;

	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[] } = {}) =>
		runNode({
			node: 'fatora',
			parameters: { resource: 'invoice', operation: 'getAll', ...parameters } as never,
			credentials: { invoiceOpsFatoraApi: sandbox.credentials() },
			...extra,
		});
	const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);
	const pagesAsked = () => sandbox.invoiceRequests.map((request) => [request.query.page, request.query.page_size]);

	it('returns the first 50 invoices by default, each item the list entry itself, with a minted token', async () => {
		const seeded = sandbox.seedInvoices(1050);
		const result = await run({});

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items[0].json, seeded[0]);
		assert.deepEqual(ids(result.items), seeded.slice(0, 50).map((invoice) => invoice.id));
		result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 0 }));
		assert.deepEqual(pagesAsked(), [['1', '50']]);
		assert.equal(sandbox.invoiceRequests[0].rawPath, '/v1/invoices');
		assert.equal(sandbox.authorizeRequests.length, 1);
		assertNoSecret(result, sandbox.apiKey);
	});

	it('Return All reads page after page of 100 until the total is reached', async () => {
		const seeded = sandbox.seedInvoices(1050);
		const result = await run({ returnAll: true });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice.id));
		assert.deepEqual(pagesAsked(), Array.from({ length: 11 }, (_, index) => [String(index + 1), '100']));
	});

	it('a limit above one page keeps the page size, so that page numbers keep their meaning', async () => {
		const seeded = sandbox.seedInvoices(300);
		const result = await run({ limit: 150 });
		assert.deepEqual(ids(result.items), seeded.slice(0, 150).map((invoice) => invoice.id));
		assert.deepEqual(pagesAsked(), [['1', '100'], ['2', '100']]);
	});

	it('maps every filter onto the query (dates as dd-mm-yyyy) and returns only what matches', async () => {
		const seeded = sandbox.seedInvoices(400);
		const filters = { keyword: 'client 2', status: 'unpaid', from: '2026-02-01', to: '2026-08-31T10:00:00', clientEmail: 'client2@example.com' };
		const result = await run({ returnAll: true, filters });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(sandbox.invoiceRequests[0].query, {
			keyword: 'client 2',
			status: 'unpaid',
			from: '01-02-2026',
			to: '31-08-2026',
			client_email: 'client2@example.com',
			page: '1',
			page_size: '100',
		});
		const expected = seeded.filter(
			(invoice) =>
				invoice.client_email === 'client2@example.com' &&
				invoice.payment_status === 'unpaid' &&
				String(invoice.issue_date) >= '2026-02-01' &&
				String(invoice.issue_date) <= '2026-08-31',
		);
		assert.ok(expected.length > 5);
		assert.deepEqual(ids(result.items), expected.map((invoice) => invoice.id));
	});

	it('an empty result is no output item and no error', async () => {
		const result = await run({ returnAll: true });
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 0);
	});

	describe('the assumed answer shapes', () => {
		const reply = (body: unknown) => ({ kind: 'reply' as const, reply: { status: 200, body } });
		/** Scripted answers for the list requests only (Authorize still mints the token). */
		const injectList = (...replies: Array<ReturnType<typeof reply>>) => {
			sandbox.server.faultFunction = (request) => (request.rawPath === '/v1/invoices' ? replies.shift() : undefined);
		};
		afterEach(() => {
			sandbox.server.faultFunction = undefined;
		});

		it('a bare list without totals: pages until one comes back empty', async () => {
			sandbox.seedInvoices(1);
			injectList(reply([{ id: 1 }, { id: 2 }]), reply([{ id: 3 }]), reply([]));
			const result = await run({ returnAll: true });
			assert.deepEqual(ids(result.items), [1, 2, 3]);
			assert.equal(sandbox.invoiceRequests.length, 3);
		});

		it('invoices under "invoices" with total_pages', async () => {
			sandbox.seedInvoices(1);
			injectList(reply({ invoices: [{ id: 1 }], total_pages: 2 }), reply({ invoices: [{ id: 2 }], total_pages: 2 }));
			const result = await run({ returnAll: true });
			assert.deepEqual(ids(result.items), [1, 2]);
			assert.equal(sandbox.invoiceRequests.length, 2);
		});

		it('an unknown shape fails loudly, naming what it found', async () => {
			sandbox.seedInvoices(1);
			injectList(reply({ status: 'SUCCESS', rows: [{ id: 1 }] }));
			const result = await run({ returnAll: true });
			assert.match(String(result.error?.message), /Fatora answered the invoice list in a shape the node does not know \(keys: status, rows\)/);
		});

		it('the same invoices again (page ignored) stop with an error instead of a loop', async () => {
			sandbox.seedInvoices(1);
			const same = reply({ data: [{ id: 7 }, { id: 8 }] });
			injectList(same, same);
			const result = await run({ returnAll: true });
			assert.match(String(result.error?.message), /Fatora answered page 2 of the invoice list with only invoices an earlier page had listed \(2 repeated, none new\)/);
			assert.equal(sandbox.invoiceRequests.length, 2);
		});
	});

	it('waits out a 429 between pages and goes on', async () => {
		const seeded = sandbox.seedInvoices(250);
		let refused = false;
		sandbox.server.faultFunction = (request) => {
			if (refused || request.query.page !== '2') return undefined;
			refused = true;
			return { kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { status: 'ERROR', error: 'Too many requests' } } };
		};
		try {
			const result = await run({ returnAll: true, options: FAST });
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice.id));
			assert.deepEqual(sandbox.invoiceRequests.map((request) => request.query.page), ['1', '2', '2', '3']);
		} finally {
			sandbox.server.faultFunction = undefined;
		}
	});

	it('refuses a date that is no date before any request', async () => {
		const result = await run({ filters: { to: '31-12-2026' } });
		assert.match(String(result.error?.message), /The filter "To" is not a date/);
		assert.equal(sandbox.requests.length, 0);
	});
});
