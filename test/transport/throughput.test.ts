import { assert, after, before, beforeEach, delay, describe, it } from '../harness/node';

import { assertPairedInOrder } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import type { Fault } from '../sandbox/server';

/** mulberry32: a tiny seeded PRNG, so a failing fault sequence can be replayed. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('Transport: concurrency, pacing and order through the engine', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.applied.clear();
		sandbox.requests.length = 0;
		sandbox.server.rateLimit = undefined;
		sandbox.server.faultFunction = undefined;
	});

	/** Arrival times of the requests, in order. */
	const arrivals = () => sandbox.requests.map((request) => request.at);

	const deleteAll = (count: number, options: Record<string, unknown>, continueOnFail = false) => {
		const ids = Array.from({ length: count }, (_, index) => `inv_${String(index).padStart(4, '0')}`);
		for (const id of ids) sandbox.addInvoice({ id });
		return runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', options } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
			continueOnFail,
		}).then((result) => ({ result, ids }));
	};

	it('keeps at most Concurrency requests in flight', async () => {
		sandbox.server.faultFunction = () => ({ kind: 'delay', ms: 60 });
		const { result } = await deleteAll(8, { concurrency: 2 });

		assert.equal(result.error, undefined, result.error?.message);
		const at = arrivals();
		// With two in flight, the third request can only start once the first one answered.
		for (let index = 2; index < at.length; index++) {
			assert.ok(at[index] - at[index - 2] >= 55, `request ${index} started early`);
		}
	});

	it('uses the Concurrency option over the provider default', async () => {
		sandbox.server.faultFunction = () => ({ kind: 'delay', ms: 400 });
		const { result } = await deleteAll(8, { concurrency: 8 });

		assert.equal(result.error, undefined, result.error?.message);
		// Chargebee's default of 4 would start the fifth only after the first answered (400 ms).
		const at = arrivals();
		assert.ok(at[7] - at[0] < 350, `all eight started together (${at[7] - at[0]} ms)`);
	});

	it('paces to Max Requests per Second across items', async () => {
		const { result } = await deleteAll(21, { maxRequestsPerSecond: 50, concurrency: 4 });

		assert.equal(result.error, undefined, result.error?.message);
		// 50/s is one request per 20 ms; the schedule may catch up 4 late intervals, and the first
		// arrival may be late (a new connection).
		const at = arrivals();
		assert.ok(at[20] - at[1] >= 15 * 20, `took ${at[20] - at[1]} ms`);
	});

	it('holds every item back while a 429 asks the account to wait', async () => {
		sandbox.server.inject({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '1' }, body: {} } });
		const { result } = await deleteAll(12, { concurrency: 4, retryBaseDelayMs: 5 });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(sandbox.requests.length, 13);
		const refusedAt = sandbox.requests[0].at;
		// Requests already on their way when the 429 came back may arrive; none starts during the wait.
		const duringWait = sandbox.requests.filter((request) => request.at > refusedAt + 150 && request.at < refusedAt + 990);
		assert.deepEqual(duringWait.map((request) => request.url), []);
		assert.equal(result.items.filter((item) => item.json.attempts === 2).length, 1);
	});

	it('paced to a strict provider limit, every item succeeds within the expected time', async () => {
		sandbox.server.rateLimit = { requests: 25, perMilliseconds: 500 };
		const started = Date.now();
		const { result } = await deleteAll(75, { maxRequestsPerSecond: 50, concurrency: 8, retryBaseDelayMs: 5 });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.filter((item) => item.json.success === true).length, 75);
		// Pacing keeps to the limit at the sender (see policy.test.ts); arrival jitter on a busy
		// machine may still cost a rare 429, never a failed item.
		assert.ok(sandbox.server.rateLimited <= 3, `${sandbox.server.rateLimited} requests over the limit`);
		assert.ok(Date.now() - started >= 74 * 20, 'no faster than the limit');
	});

	it('without pacing, rides a strict provider limit out on Retry-After with no failed item', async () => {
		sandbox.server.rateLimit = { requests: 20, perMilliseconds: 500 };
		const { result } = await deleteAll(50, { concurrency: 8, retryBaseDelayMs: 5 });

		assert.equal(result.error, undefined, result.error?.message);
		assert.ok(sandbox.server.rateLimited > 0, 'the limit was hit');
		assert.equal(result.items.filter((item) => item.json.success === true).length, 50);
	});

	it('500 items under seeded random faults: 500 outputs, in order, paired, each invoice changed once', async () => {
		const random = seeded(20261122);
		const faults: Array<() => Fault> = [
			() => ({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: { message: 'limit' } } }),
			() => ({ kind: 'reply', reply: { status: 503, body: { message: 'busy' } } }),
			() => ({ kind: 'reply', reply: { status: 502, body: {} }, afterHandler: true }),
			() => ({ kind: 'reply', reply: { status: 504, body: {} }, afterHandler: true }),
			() => ({ kind: 'reset' }),
			() => ({ kind: 'reset', afterHandler: true }),
			() => ({ kind: 'delay', ms: 120 }),
		];
		const injected = new Map<string, number>();
		sandbox.server.faultFunction = () => {
			if (random() >= 0.25) return undefined;
			const fault = faults[Math.floor(random() * faults.length)]();
			const name = `${fault.kind}${'afterHandler' in fault && fault.afterHandler ? ' after' : ''}`;
			injected.set(name, (injected.get(name) ?? 0) + 1);
			return fault;
		};
		const started = Date.now();
		const { result, ids } = await deleteAll(500, { concurrency: 8, retryBaseDelayMs: 2, maxAttempts: 12, timeout: 60 });
		await delay(150); // let late (timed-out) first attempts reach the sandbox

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 500);
		assertPairedInOrder(result, 500);
		result.items.forEach((item, index) => {
			assert.equal(item.json.invoiceId, ids[index]);
			assert.equal(item.json.success, true, `item ${index}`);
			assert.equal(item.json.outcome, 'deleted');
		});
		for (const id of ids) assert.equal(sandbox.applied.get(id), 1, `${id} changed once`);
		const retried = result.items.filter((item) => (item.json.attempts as number) > 1).length;
		assert.ok(retried > 50, `faults were really injected (${retried} items retried; ${JSON.stringify(Object.fromEntries(injected))})`);
		assert.ok(Date.now() - started < 60_000);
	});
});
