import { assert } from '../harness/node';
import { describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { MAX_PAGES, MAX_RECORDS, fetchPages, type ListEndpoint } from '../../nodes/shared/paging';
import type { OperationContext, ProviderRequest } from '../../nodes/shared/types';

/** An operation context whose `send` answers from `answer` and records what was asked. */
function fakeContext(answer: (request: ProviderRequest) => unknown) {
	const sent: ProviderRequest[] = [];
	const context = {
		provider: { displayName: 'Acme' },
		refuse: (message: string) => {
			throw new Error(message);
		},
		send: async (request: ProviderRequest) => {
			sent.push(request);
			return { statusCode: 200, headers: {}, body: answer(request) };
		},
	} as unknown as OperationContext;
	return { context, sent };
}

/** Offset paging over `total` records, `maxPageSize` per page. */
function offsetEndpoint(total: number, maxPageSize = 10): ListEndpoint<number> {
	return {
		maxPageSize,
		idField: 'n',
		request: (offset, size) => ({ method: 'GET', path: ['items'], query: { offset: offset ?? 0, size } }),
		read(body, offset) {
			const records = body as IDataObject[];
			const next = (offset ?? 0) + records.length;
			return { records, next: next < total ? next : undefined };
		},
	};
}

const page = (total: number) => (request: ProviderRequest) => {
	const { offset, size } = request.query as { offset: number; size: number };
	return Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, index) => ({ n: offset + index }));
};

/** Offset paging whose pages start `overlap` records before the offset asked (a shifted list). */
const overlapping = (total: number, overlap: number) => (request: ProviderRequest) => {
	const { offset, size } = request.query as { offset: number; size: number };
	const start = Math.max(0, offset - overlap);
	return Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, index) => ({ n: start + index }));
};

/** Two scripted pages (the second the last), records read by `idField`. */
function twoPages(idField: string, first: IDataObject[], second: IDataObject[]) {
	const answers = [first, second];
	const { context } = fakeContext(() => answers.shift());
	const endpoint: ListEndpoint<number> = {
		maxPageSize: first.length,
		idField,
		request: (position) => ({ method: 'GET', path: ['items'], query: { position } }),
		read: (body, position) => ({ records: body as IDataObject[], next: position === undefined ? 1 : undefined }),
	};
	return fetchPages(context, endpoint, undefined);
}

describe('fetchPages (shared paging)', () => {
	it('reads ceil(N / page size) pages for everything, each at the largest size', async () => {
		const { context, sent } = fakeContext(page(95));
		const { records, pages } = await fetchPages(context, offsetEndpoint(95), undefined);
		assert.equal(records.length, 95);
		assert.deepEqual(records.map((record) => record.n), Array.from({ length: 95 }, (_, index) => index));
		assert.equal(pages, 10);
		assert.ok(sent.every((request) => request.query!.size === 10));
	});

	it('with a limit, asks the last page for only what is missing and stops there', async () => {
		const { context, sent } = fakeContext(page(95));
		const { records } = await fetchPages(context, offsetEndpoint(95), 23);
		assert.equal(records.length, 23);
		assert.deepEqual(sent.map((request) => request.query!.size), [10, 10, 3]);
	});

	it('a limit under the page size needs one request', async () => {
		const { context, sent } = fakeContext(page(95));
		await fetchPages(context, offsetEndpoint(95), 4);
		assert.deepEqual(sent.map((request) => request.query!.size), [4]);
	});

	it('never keeps more than the limit, even when a page holds more', async () => {
		const { context } = fakeContext(() => Array.from({ length: 10 }, (_, n) => ({ n })));
		const endpoint: ListEndpoint<number> = { ...offsetEndpoint(1000), read: (body) => ({ records: body as IDataObject[], next: 1 }) };
		const { records } = await fetchPages(context, endpoint, 7);
		assert.equal(records.length, 7);
	});

	it('stops with an error at the page cap instead of reading on forever', async () => {
		const { context, sent } = fakeContext(() => []);
		const endless: ListEndpoint<number> = {
			maxPageSize: 1,
			idField: 'n',
			request: (position) => ({ method: 'GET', path: ['items'], query: { position } }),
			read: (body, position) => ({ records: body as IDataObject[], next: (position ?? 0) + 1 }),
		};
		await assert.rejects(fetchPages(context, endless, undefined, { maxPages: 5 }), /Acme still had more invoices after 5 pages/);
		assert.equal(sent.length, 5);
		assert.equal(MAX_PAGES, 10_000);
	});

	it('stops with an error when the next position repeats an earlier one', async () => {
		const positions = ['a', 'b', 'c', 'b'];
		let n = 0;
		const { context, sent } = fakeContext(() => [{ n: n++ }]);
		const cycling: ListEndpoint<string> = {
			maxPageSize: 1,
			idField: 'n',
			request: (position) => ({ method: 'GET', path: ['items'], query: { position } }),
			read: (body) => ({ records: body as IDataObject[], next: positions.shift() }),
		};
		await assert.rejects(fetchPages(context, cycling, undefined), /page 4 of the invoice list with a next page position it had already given \(b\)/);
		assert.equal(sent.length, 4);
	});

	describe('each record once', () => {
		it('drops a record an earlier page listed, counts it, and keeps the provider\'s order', async () => {
			const { context } = fakeContext(overlapping(25, 2));
			const { records, repeats, pages } = await fetchPages(context, offsetEndpoint(25), undefined);
			assert.deepEqual(records.map((record) => record.n), Array.from({ length: 25 }, (_, index) => index));
			assert.equal(repeats, 2, 'page 2 began with the last 2 of page 1');
			assert.equal(pages, 3);
		});

		it('a limit counts distinct records only', async () => {
			const { context } = fakeContext(overlapping(95, 3));
			const { records, repeats } = await fetchPages(context, offsetEndpoint(95), 15);
			assert.deepEqual(records.map((record) => record.n), Array.from({ length: 15 }, (_, index) => index));
			assert.equal(repeats, 3);
		});

		it('reads the id from the endpoint\'s id field; a number and its text are one id', async () => {
			const { records, repeats } = await twoPages(
				'_id',
				[{ _id: 1, page: 1 }, { _id: 'a', page: 1 }],
				[{ _id: '1', page: 2 }, { _id: 'b', page: 2 }],
			);
			assert.deepEqual(records, [{ _id: 1, page: 1 }, { _id: 'a', page: 1 }, { _id: 'b', page: 2 }]);
			assert.equal(repeats, 1);
		});

		it('records without the id field are told apart by their content', async () => {
			const { records, repeats } = await twoPages('id', [{ name: 'x' }, { name: 'y' }], [{ name: 'x' }, { name: 'z' }]);
			assert.deepEqual(records.map((record) => record.name), ['x', 'y', 'z']);
			assert.equal(repeats, 1);
		});

		it('fails, naming the page, when a whole page holds only records already listed (an ignored offset)', async () => {
			const { context, sent } = fakeContext(overlapping(100, Number.MAX_SAFE_INTEGER));
			await assert.rejects(
				fetchPages(context, offsetEndpoint(100), undefined),
				/Acme answered page 2 of the invoice list with only invoices an earlier page had listed \(10 repeated, none new\)/,
			);
			assert.equal(sent.length, 2, 'stopped at the first repeated page');
		});

		it('a last page of repeats ends the list without an error', async () => {
			const { records, repeats } = await twoPages('n', [{ n: 1 }, { n: 2 }], [{ n: 2 }]);
			assert.deepEqual(records, [{ n: 1 }, { n: 2 }]);
			assert.equal(repeats, 1);
		});
	});

	describe('the record ceiling', () => {
		it('fails once a search holds more than the ceiling, naming provider and ceiling, without reading on', async () => {
			const { context, sent } = fakeContext(page(95));
			const refusal = await fetchPages(context, offsetEndpoint(95), undefined, { maxRecords: 30 }).then(
				() => assert.fail('the listing passed the ceiling'),
				(error: Error) => error,
			);
			assert.match(refusal.message, /^Acme has more than 30 invoices for this search; the node holds at most 30 in one execution and stops here/);
			assert.equal(sent.length, 4, 'the page that passed 30 was the last one asked');
		});

		it('exactly the ceiling is fine, and so is a Limit under it', async () => {
			const exact = fakeContext(page(30));
			assert.equal((await fetchPages(exact.context, offsetEndpoint(30), undefined, { maxRecords: 30 })).records.length, 30);
			const limited = fakeContext(page(95));
			assert.equal((await fetchPages(limited.context, offsetEndpoint(95), 30, { maxRecords: 30 })).records.length, 30);
		});

		it('repeats do not count toward the ceiling', async () => {
			const { context } = fakeContext(overlapping(30, 5));
			const { records, repeats } = await fetchPages(context, offsetEndpoint(30), undefined, { maxRecords: 25 });
			assert.equal(records.length, 25);
			assert.equal(repeats, 5, '30 listed, 25 distinct: at the ceiling, not past it');
		});

		it('is 100,000 records by default', () => {
			assert.equal(MAX_RECORDS, 100_000);
		});
	});
});
