import { assert } from '../harness/node';
import { describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { MAX_PAGES, fetchPages, type ListEndpoint } from '../../nodes/shared/paging';
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
		const { context, sent } = fakeContext(() => [{ n: 1 }]);
		const endless: ListEndpoint<number> = {
			maxPageSize: 1,
			request: (position) => ({ method: 'GET', path: ['items'], query: { position } }),
			read: (body, position) => ({ records: body as IDataObject[], next: (position ?? 0) + 1 }),
		};
		await assert.rejects(fetchPages(context, endless, undefined, 5), /Acme still had more invoices after 5 pages/);
		assert.equal(sent.length, 5);
		assert.equal(MAX_PAGES, 10_000);
	});

	it('stops with an error when the next position repeats an earlier one', async () => {
		const positions = ['a', 'b', 'c', 'b'];
		const { context, sent } = fakeContext(() => [{ n: 1 }]);
		const cycling: ListEndpoint<string> = {
			maxPageSize: 1,
			request: (position) => ({ method: 'GET', path: ['items'], query: { position } }),
			read: (body) => ({ records: body as IDataObject[], next: positions.shift() }),
		};
		await assert.rejects(fetchPages(context, cycling, undefined), /page 4 of the invoice list with a next page position it had already given \(b\)/);
		assert.equal(sent.length, 4);
	});
});
