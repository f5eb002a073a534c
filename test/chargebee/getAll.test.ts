import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';

const FAST = { retryBaseDelayMs: 5 };

describe('Chargebee Get Many in the n8n engine', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
		sandbox.pagingFault = undefined;
	});

	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'getAll', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			...extra,
		});
	const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);

	it('returns the first 50 invoices by default, each item the invoice itself, in one page', async () => {
		const seeded = sandbox.seedInvoices(1050);
		const result = await run({});

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 50);
		assert.deepEqual(result.items[0].json, seeded[0]);
		assert.deepEqual(ids(result.items), seeded.slice(0, 50).map((invoice) => invoice.id));
		result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 0 }));
		assert.equal(sandbox.requests.length, 1);
		assert.equal(sandbox.requests[0].rawPath, '/api/v2/invoices');
		assert.deepEqual(sandbox.requests[0].query, { limit: '50' });
	});

	it('Return All reads every page at 100, passing next_offset on, until there is none', async () => {
		const seeded = sandbox.seedInvoices(1050);
		const result = await run({ returnAll: true, limit: 3 });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice.id));
		assert.equal(sandbox.requests.length, 11);
		assert.ok(sandbox.requests.every((request) => request.query.limit === '100'));
		assert.equal(sandbox.requests[0].query.offset, undefined);
		assert.equal(sandbox.requests[1].query.offset, '["100"]');
		assert.equal(sandbox.requests[10].query.offset, '["1000"]');
	});

	it('a limit above one page asks the last page for only what is missing', async () => {
		sandbox.seedInvoices(1050);
		const result = await run({ returnAll: false, limit: 250 });

		assert.equal(result.items.length, 250);
		assert.deepEqual(
			sandbox.requests.map((request) => request.query.limit),
			['100', '100', '50'],
		);
		assert.equal(new Set(ids(result.items)).size, 250);
	});

	it('reads Return All and Limit given as text by an expression', async () => {
		sandbox.seedInvoices(30);
		const all = await run({ returnAll: '={{ " TRUE " }}' });
		const some = await run({ returnAll: '={{ "false" }}', limit: '={{ "7" }}' });
		assert.equal(all.items.length, 30);
		assert.equal(some.items.length, 7);
	});

	it('maps every filter onto the list query and returns only what matches', async () => {
		const seeded = sandbox.seedInvoices(300);
		sandbox.invoices.get('inv_00002')!.deleted = true;
		const filters = {
			status: ['payment_due', 'voided'],
			customerId: 'cust_3',
			subscriptionId: 'sub_1',
			dateAfter: '2026-01-10T00:00:00',
			dateBefore: '2026-09-01',
			updatedAfter: '2026-01-20T00:00:00Z',
			includeDeleted: true,
		};
		const result = await run({ returnAll: true, filters });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(sandbox.requests[0].query, {
			limit: '100',
			'status[in]': '["payment_due","voided"]',
			'customer_id[is]': 'cust_3',
			'subscription_id[is]': 'sub_1',
			'date[after]': String(Date.UTC(2026, 0, 10) / 1000),
			'date[before]': String(Date.UTC(2026, 8, 1) / 1000),
			'updated_at[after]': String(Date.UTC(2026, 0, 20) / 1000),
			include_deleted: 'true',
		});
		const expected = seeded.filter(
			(invoice) =>
				['payment_due', 'voided'].includes(invoice.status) &&
				invoice.customer_id === 'cust_3' &&
				invoice.subscription_id === 'sub_1' &&
				Number(invoice.date) > Date.UTC(2026, 0, 10) / 1000 &&
				Number(invoice.date) < Date.UTC(2026, 8, 1) / 1000 &&
				Number(invoice.updated_at) > Date.UTC(2026, 0, 20) / 1000,
		);
		assert.ok(expected.length > 5, 'the filters leave some invoices');
		assert.deepEqual(ids(result.items), expected.map((invoice) => invoice.id));
	});

	it('reads dates from expressions: a Luxon DateTime, and text with a time zone', async () => {
		sandbox.seedInvoices(3);
		const result = await run({
			filters: { dateAfter: '={{ DateTime.fromISO("2026-01-10T00:00:00Z") }}', dateBefore: '2026-03-01T02:00:00+02:00' },
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(sandbox.requests[0].query['date[after]'], String(Date.UTC(2026, 0, 10) / 1000));
		assert.equal(sandbox.requests[0].query['date[before]'], String(Date.UTC(2026, 2, 1) / 1000));
	});

	it('lists deleted invoices only with Include Deleted', async () => {
		sandbox.seedInvoices(3);
		sandbox.invoices.get('inv_00002')!.deleted = true;
		const without = await run({ returnAll: true });
		const withDeleted = await run({ returnAll: true, filters: { includeDeleted: 'true' } });
		assert.deepEqual(ids(without.items), ['inv_00001', 'inv_00003']);
		assert.deepEqual(ids(withDeleted.items), ['inv_00001', 'inv_00002', 'inv_00003']);
		assert.equal(sandbox.requests[0].query.include_deleted, undefined);
	});

	it('one search per input item: items grouped in input order, paired with their input; no match, no item', async () => {
		sandbox.seedInvoices(12);
		const result = await run(
			{ returnAll: true, filters: { customerId: '={{ $json.customer }}' } },
			{ items: [{ customer: 'cust_2' }, { customer: 'cust_none' }, { customer: 'cust_1' }] },
		);

		assert.equal(result.error, undefined, result.error?.message);
		const byCustomer = (customer: string) =>
			[...sandbox.invoices.values()].filter((invoice) => invoice.customer_id === customer).map((invoice) => invoice.id);
		assert.deepEqual(ids(result.items), [...byCustomer('cust_2'), ...byCustomer('cust_1')]);
		assert.deepEqual(
			result.items.map((item) => item.pairedItem),
			[...byCustomer('cust_2').map(() => ({ item: 0 })), ...byCustomer('cust_1').map(() => ({ item: 2 }))],
		);
	});

	it('an empty result is no output item and no error', async () => {
		const result = await run({ returnAll: true });
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 0);
		assert.equal(sandbox.requests.length, 1);
	});

	it('fails clearly, without looping, when next_offset does not advance', async () => {
		const page = (next: string) => ({
			kind: 'reply' as const,
			reply: { status: 200, body: { list: [{ invoice: { id: `inv_${next}` } }], next_offset: next } },
		});
		sandbox.server.inject(page('["5"]'), page('["5"]'));
		const result = await run({ returnAll: true });

		assert.match(String(result.error?.message), /Chargebee answered page 2 of the invoice list with a next page position it had already given \(\["5"\]\)/);
		assert.equal(sandbox.requests.length, 2);
		assert.equal(result.items.length, 0);
	});

	it('fails clearly when next_offset comes back to an earlier page', async () => {
		const page = (id: string, next: string) => ({
			kind: 'reply' as const,
			reply: { status: 200, body: { list: [{ invoice: { id } }], next_offset: next } },
		});
		sandbox.server.inject(page('inv_1', '["A"]'), page('inv_2', '["B"]'), page('inv_3', '["A"]'));
		const result = await run({ returnAll: true });
		assert.match(String(result.error?.message), /page 3 .* already given \(\["A"\]\)/);
		assert.equal(sandbox.requests.length, 3);
	});

	it('next_offsets that advance over the same page (400 listed, 100 distinct) fail at the first repeated page', async () => {
		const seeded = sandbox.seedInvoices(400);
		sandbox.pagingFault = { ignoreOffset: true };
		const result = await run({ returnAll: true });

		assert.equal(result.items.length, 0, 'no invoice handed on, let alone four times');
		assert.match(
			String(result.error?.message),
			/^Chargebee answered page 2 of the invoice list with only invoices an earlier page had listed \(100 repeated, none new\); Get Many stops/,
		);
		assert.deepEqual(sandbox.requests.map((request) => request.query.offset ?? 'first'), ['first', '["100"]']);
		assert.equal(seeded.length, 400);
	});

	it('a list that shifts while it is read: each invoice once, and the hint says how many repeats were dropped', async () => {
		const seeded = sandbox.seedInvoices(250);
		sandbox.pagingFault = { overlap: 3 };
		const result = await run({ returnAll: true });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice.id));
		assert.deepEqual(result.items[0].json, seeded[0], 'each item is still the invoice object itself');
		assert.equal(sandbox.requests.length, 3);
		assert.deepEqual(result.hints.map((hint) => hint.message), [
			'Get Many: 250 invoices, 3 repeated records dropped (listed on more than one page; each invoice is output once)',
		]);
	});

	it('adds no hint when nothing repeated', async () => {
		sandbox.seedInvoices(250);
		const result = await run({ returnAll: true });
		assert.equal(result.items.length, 250);
		assert.deepEqual(result.hints, []);
	});

	it('waits out a 429 with Retry-After in the middle of paging and goes on', async () => {
		const seeded = sandbox.seedInvoices(250);
		// The second page is refused once.
		sandbox.server.faultFunction = (request) =>
			request.query.offset === '["100"]' && !sandbox.requests.slice(0, -1).some((earlier) => earlier.query.offset === '["100"]')
				? { kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { message: 'Too many', api_error_code: 'api_request_limit_exceeded' } } }
				: undefined;
		try {
			const result = await run({ returnAll: true, options: FAST });
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice.id));
			assert.deepEqual(
				sandbox.requests.map((request) => request.query.offset ?? 'first'),
				['first', '["100"]', '["100"]', '["200"]'],
			);
		} finally {
			sandbox.server.faultFunction = undefined;
		}
	});

	it('a rate limit that outlasts the retry budget fails the item naming the provider and the action', async () => {
		sandbox.seedInvoices(150);
		sandbox.server.inject(
			{ kind: 'reply', reply: { status: 200, body: { list: [{ invoice: { id: 'inv_1' } }], next_offset: '["1"]' } } },
			{ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { message: 'Too many', api_error_code: 'api_request_limit_exceeded' } } },
			{ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { message: 'Too many', api_error_code: 'api_request_limit_exceeded' } } },
		);
		const result = await run({ returnAll: true, options: { ...FAST, maxAttempts: 2 } });
		assert.match(String(result.error?.message), /Chargebee could not list invoices "all invoices": Too many/);
		assert.equal(result.error?.httpCode, '429');
	});

	for (const [name, parameters, pattern] of [
		['a date that is no date', { filters: { dateAfter: 'last tuesday' } }, /The filter "Date After" is not a date/],
		['an impossible day', { filters: { dateBefore: '2026-02-30' } }, /The filter "Date Before" is not a date/],
		['an unknown status', { filters: { status: ['paid', 'refunded'] } }, /The filter "Status" has an unknown value "refunded"/],
		['a limit below 1', { limit: 0 }, /The parameter "Limit" must be between 1 and/],
		['a limit that is not a number', { limit: 'many' }, /The parameter "Limit" must be a number/],
		['Return All that is no boolean', { returnAll: 'yes' }, /The parameter "Return All" must be true or false/],
		['Include Deleted that is no boolean', { filters: { includeDeleted: 'maybe' } }, /The parameter "Include Deleted" must be true or false/],
	] as const) {
		it(`refuses ${name} before any request`, async () => {
			sandbox.seedInvoices(3);
			const result = await run(parameters as Record<string, unknown>);
			assert.match(String(result.error?.message), pattern);
			assert.equal(sandbox.requests.length, 0);
		});
	}

	it('with Continue On Fail, a refused input is one error item and the others still search', async () => {
		sandbox.seedInvoices(6);
		const result = await run(
			{ returnAll: true, filters: { customerId: '={{ $json.customer }}', dateAfter: '={{ $json.after }}' } },
			{ items: [{ customer: 'cust_1', after: 'soon' }, { customer: 'cust_2', after: '2026-01-01' }], continueOnFail: true },
		);
		assert.equal(result.error, undefined);
		const [failed, ...found] = result.items;
		assert.equal(failed.json.success, false);
		assert.equal(failed.json.outcome, 'failed');
		assert.equal(failed.json.operation, 'getAll');
		assert.match(String((failed.json.error as IDataObject).message), /Date After/);
		assert.deepEqual(failed.pairedItem, { item: 0 });
		assert.deepEqual(ids(found), ['inv_00001', 'inv_00004']);
		found.forEach((item) => assert.deepEqual(item.pairedItem, { item: 1 }));
	});
});
