import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { assertPairedInOrder } from '../harness/assertions';
import { RecordingClock, VirtualClock, busiestWindow } from '../harness/clock';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import type { Fault } from '../sandbox/server';
import { CLOCKED_CHARGEBEE, testClock, testNodeTypes } from './test-nodes';

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
		sandbox.server.maxInFlight = 0;
		testClock.current = undefined;
	});

	/** Runs the Chargebee node (with `clock`: its clocked twin, so that the schedule is the clock's). */
	const deleteAll = (count: number, options: Record<string, unknown>, continueOnFail = false, clock?: VirtualClock | RecordingClock) => {
		testClock.current = clock;
		const ids = Array.from({ length: count }, (_, index) => `inv_${String(index).padStart(4, '0')}`);
		for (const id of ids) sandbox.addInvoice({ id });
		return runNode({
			node: clock ? CLOCKED_CHARGEBEE : 'chargebee',
			extraNodeTypes: testNodeTypes,
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', options } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
			continueOnFail,
		}).then((result) => ({ result, ids }));
	};

	it('keeps at most Concurrency requests in flight', async () => {
		sandbox.server.faultFunction = () => ({ kind: 'delay', ms: 300 });
		const { result } = await deleteAll(8, { concurrency: 2 });

		assert.equal(result.error, undefined, result.error?.message);
		// Counted by the sandbox itself, not by arrival times.
		assert.equal(sandbox.server.maxInFlight, 2);
	});

	it('uses the Concurrency option over the provider default', async () => {
		sandbox.server.faultFunction = () => ({ kind: 'delay', ms: 1000 });
		const { result } = await deleteAll(8, { concurrency: 8 });

		assert.equal(result.error, undefined, result.error?.message);
		// Chargebee's default of 4 would never have more than 4 in flight.
		assert.ok(sandbox.server.maxInFlight > 4 && sandbox.server.maxInFlight <= 8, `${sandbox.server.maxInFlight} in flight`);
	});

	it('paces to Max Requests per Second across items', async () => {
		const clock = new VirtualClock();
		const { result } = await deleteAll(21, { maxRequestsPerSecond: 50, concurrency: 4 }, false, clock);

		assert.equal(result.error, undefined, result.error?.message);
		// 50/s, 3% under: sends at least 20.6 ms apart, never 51 in a window of 1030 ms.
		assert.equal(clock.sends.length, 21);
		for (let index = 1; index < clock.sends.length; index++) {
			assert.ok(clock.sends[index] - clock.sends[index - 1] >= 20.6 - 1e-9, `send ${index} early`);
		}
		assert.ok(clock.sends[20] - clock.sends[0] >= 20 * 20.6 - 1e-6);
	});

	it('holds every item back while a 429 asks the account to wait', async () => {
		const clock = new VirtualClock();
		sandbox.server.inject({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '1' }, body: {} } });
		const { result } = await deleteAll(12, { concurrency: 4, retryBaseDelayMs: 5 }, false, clock);

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(sandbox.requests.length, 13);
		// The first four left at once; after the 429, nothing left before the second it asked for.
		assert.deepEqual(clock.sends.slice(0, 4), [0, 0, 0, 0]);
		assert.deepEqual(clock.sends.filter((at) => at > 0 && at < 1000), []);
		assert.equal(clock.sends.length, 13);
		assert.equal(result.items.filter((item) => item.json.attempts === 2).length, 1);
	});

	it('paced to a strict provider limit, every item succeeds and the schedule keeps to the ceiling', async () => {
		const clock = new RecordingClock();
		sandbox.server.rateLimit = { requests: 25, perMilliseconds: 500 };
		const { result } = await deleteAll(75, { maxRequestsPerSecond: 50, concurrency: 8, retryBaseDelayMs: 5 }, false, clock);

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.filter((item) => item.json.success === true).length, 75);
		// The pacer's own schedule (by its own clock readings) never lets 51 into 1030 ms; arrival
		// jitter on a busy machine may still cost a rare 429, which a retry absorbs.
		assert.ok(clock.sends.length >= 75);
		assert.ok(busiestWindow(clock.sends, 1030 - 1e-6) <= 50, `${busiestWindow(clock.sends, 1030 - 1e-6)} sends in one window`);
	});

	it('without pacing, rides a strict provider limit out on Retry-After with no failed item', async () => {
		sandbox.server.rateLimit = { requests: 5, perMilliseconds: 1000 };
		const { result } = await deleteAll(20, { concurrency: 8, retryBaseDelayMs: 5 });

		assert.equal(result.error, undefined, result.error?.message);
		assert.ok(sandbox.server.rateLimited > 0, 'the limit was hit');
		assert.equal(result.items.filter((item) => item.json.success === true).length, 20);
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
		];
		// No timeouts in the mix: a per-attempt timeout is wall-clock time, which a loaded machine
		// would hit at random (timeouts have their own test in retries.test.ts).
		const injected = new Map<string, number>();
		sandbox.server.faultFunction = () => {
			if (random() >= 0.25) return undefined;
			const fault = faults[Math.floor(random() * faults.length)]();
			const name = `${fault.kind}${'afterHandler' in fault && fault.afterHandler ? ' after' : ''}`;
			injected.set(name, (injected.get(name) ?? 0) + 1);
			return fault;
		};
		const { result, ids } = await deleteAll(500, { concurrency: 8, retryBaseDelayMs: 2, maxAttempts: 12 });

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
	});
});
