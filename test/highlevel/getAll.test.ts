import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { HighLevelSandbox } from '../sandbox/highlevel';
import { LOCATION, OAUTH_LOCATION, OAUTH_TOKEN, OTHER_LOCATION, TOKEN, runWithOAuth2, runWithToken } from './setup';

const FAST = { retryBaseDelayMs: 5 };

describe('HighLevel Get Many in the n8n engine', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	const run = (parameters: Record<string, unknown>, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		runWithToken(sandbox, { operation: 'getAll', ...parameters }, options);
	const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json._id);

	it('returns the first 50 invoices of the credential\'s location by default, each item the invoice itself', async () => {
		const seeded = sandbox.seedInvoices(LOCATION, 1050);
		sandbox.seedInvoices(OTHER_LOCATION, 5);
		const result = await run({});

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items[0].json, seeded[0]);
		assert.deepEqual(ids(result.items), seeded.slice(0, 50).map((invoice) => invoice._id));
		result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 0 }));
		assert.equal(sandbox.requests[0].rawPath, '/invoices/');
		assert.deepEqual(sandbox.requests[0].query, { altId: LOCATION, altType: 'location', limit: '50', offset: '0' });
	});

	it('Return All reads every page by offset until total is reached', async () => {
		const seeded = sandbox.seedInvoices(LOCATION, 1050);
		const result = await run({ returnAll: true });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice._id));
		assert.equal(sandbox.requests.length, 11);
		assert.deepEqual(
			sandbox.requests.map((request) => [request.query.limit, request.query.offset]),
			Array.from({ length: 11 }, (_, page) => ['100', String(page * 100)]),
		);
	});

	it('a limit above one page asks the last page for only what is missing', async () => {
		sandbox.seedInvoices(LOCATION, 300);
		const result = await run({ limit: 130 });
		assert.equal(result.items.length, 130);
		assert.deepEqual(sandbox.requests.map((request) => request.query.limit), ['100', '30']);
	});

	it('maps every filter onto the query and returns only what matches', async () => {
		const seeded = sandbox.seedInvoices(LOCATION, 400);
		const filters = { status: 'sent', contactId: 'contact_2', startAt: '2026-02-01', endAt: '2026-09-30T22:00:00Z', search: 'invoice 1', paymentMode: 'test' };
		const result = await run({ returnAll: true, filters });

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(sandbox.requests[0].query, {
			altId: LOCATION,
			altType: 'location',
			status: 'sent',
			contactId: 'contact_2',
			startAt: '2026-02-01',
			endAt: '2026-09-30',
			search: 'invoice 1',
			paymentMode: 'test',
			limit: '100',
			offset: '0',
		});
		const expected = seeded.filter(
			(invoice) =>
				invoice.status === 'sent' &&
				(invoice.contactDetails as { id: string }).id === 'contact_2' &&
				String(invoice.issueDate) >= '2026-02-01' &&
				String(invoice.issueDate) <= '2026-09-30' &&
				invoice.name.toLowerCase().includes('invoice 1') &&
				!invoice.liveMode,
		);
		assert.ok(expected.length > 2, 'the filters leave some invoices');
		assert.deepEqual(ids(result.items), expected.map((invoice) => invoice._id));
	});

	it('uses the Location ID parameter, or the OAuth2 token\'s location', async () => {
		sandbox.tokens.set(OAUTH_TOKEN, OAUTH_LOCATION);
		sandbox.seedInvoices(OAUTH_LOCATION, 3);
		const viaOAuth2 = await runWithOAuth2(sandbox, { operation: 'getAll' });
		const wrongLocation = await run({ altId: OTHER_LOCATION });

		assert.equal(viaOAuth2.items.length, 3);
		assert.equal(sandbox.requests[0].query.altId, OAUTH_LOCATION);
		assert.match(String(wrongLocation.error?.message), /HighLevel could not list invoices "all invoices".*access to this location/);
	});

	it('one search per input item, paired with it; no match, no item', async () => {
		sandbox.seedInvoices(LOCATION, 9);
		const result = await run(
			{ returnAll: true, filters: { contactId: '={{ $json.contact }}' } },
			{ items: [{ contact: 'contact_1' }, { contact: 'contact_none' }] },
		);
		assert.deepEqual(ids(result.items), ['inv_00003', 'inv_00006', 'inv_00009']);
		result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 0 }));
	});

	it('an empty result is no output item and no error', async () => {
		const result = await run({ returnAll: true });
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 0);
	});

	it('fails clearly, without looping, when a page comes back empty before total is reached', async () => {
		sandbox.server.inject(
			{ kind: 'reply', reply: { status: 200, body: { invoices: [{ _id: 'a' }, { _id: 'b' }], total: 5 } } },
			{ kind: 'reply', reply: { status: 200, body: { invoices: [], total: 5 } } },
		);
		const result = await run({ returnAll: true });
		assert.match(String(result.error?.message), /HighLevel answered page 2 of the invoice list with a next page position it had already given \(2\)/);
		assert.equal(sandbox.requests.length, 2);
	});

	it('an offset HighLevel ignores (300 listed, 100 distinct) fails at the first repeated page', async () => {
		sandbox.seedInvoices(LOCATION, 300);
		sandbox.pagingFault = { ignoreOffset: true };
		const result = await run({ returnAll: true });

		assert.equal(result.items.length, 0, 'no invoice handed on, let alone three times');
		assert.match(
			String(result.error?.message),
			/^HighLevel answered page 2 of the invoice list with only invoices an earlier page had listed \(100 repeated, none new\); Get Many stops/,
		);
		assert.deepEqual(sandbox.requests.map((request) => request.query.offset), ['0', '100']);
	});

	it('a list that shifts while it is read: each invoice once, with a Limit too, and the hint counts the repeats', async () => {
		const seeded = sandbox.seedInvoices(LOCATION, 250);
		sandbox.pagingFault = { overlap: 2 };
		const all = await run({ returnAll: true });
		const limited = await run({ limit: 150 });

		assert.equal(all.error, undefined, all.error?.message);
		assert.deepEqual(ids(all.items), seeded.map((invoice) => invoice._id));
		assert.deepEqual(all.hints.map((hint) => hint.message), [
			'Get Many: 250 invoices, 2 repeated records dropped (listed on more than one page; each invoice is output once)',
		]);
		assert.deepEqual(ids(limited.items), seeded.slice(0, 150).map((invoice) => invoice._id));
	});

	it('waits out a 429 between pages and goes on', async () => {
		const seeded = sandbox.seedInvoices(LOCATION, 250);
		sandbox.server.inject(
			{ kind: 'reply', reply: { status: 200, body: { invoices: seeded.slice(0, 100), total: 250 } } },
			{ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { statusCode: 429, message: 'Too many requests' } } },
		);
		const result = await run({ returnAll: true, options: FAST });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(ids(result.items), seeded.map((invoice) => invoice._id));
		assert.deepEqual(sandbox.requests.map((request) => request.query.offset), ['0', '100', '100', '200']);
	});

	for (const [name, parameters, pattern] of [
		['an unknown status', { filters: { status: 'overdue' } }, /The filter "Status" has an unknown value "overdue"/],
		['an unknown payment mode', { filters: { paymentMode: 'sandbox' } }, /The filter "Payment Mode" has an unknown value "sandbox"/],
		['a start that is no date', { filters: { startAt: '01/02/2026' } }, /The filter "Start At" is not a date/],
		['a limit below 1', { limit: -5 }, /The parameter "Limit" must be between 1/],
	] as const) {
		it(`refuses ${name} before any request`, async () => {
			const result = await run(parameters as Record<string, unknown>);
			assert.match(String(result.error?.message), pattern);
			assert.equal(sandbox.requests.length, 0);
		});
	}
});
