import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { VirtualClock } from '../harness/clock';
import { runNode } from '../harness/engine';
import { HighLevelSandbox } from '../sandbox/highlevel';
import { CLOCKED_HIGHLEVEL, testClock, testNodeTypes } from '../transport/test-nodes';
import { LOCATION, TOKEN, runWithToken, tokenCredential } from './setup';

// Small waits keep the suite fast; jitter is bounded by the base delay.
const FAST = { retryBaseDelayMs: 10 };

describe('HighLevel rate limits and retried writes', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	/** Voids inv_1 through the HighLevel node on the virtual clock, its first attempt answered 429 with `headers`. */
	async function voidAfter429(headers: Record<string, string>) {
		sandbox.addInvoice({ _id: 'inv_1', altId: LOCATION });
		sandbox.server.inject({
			kind: 'reply',
			reply: { status: 429, headers, body: { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' } },
		});
		const clock = new VirtualClock();
		testClock.current = clock;
		try {
			const result = await runNode({
				node: CLOCKED_HIGHLEVEL,
				parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_1', options: FAST } as never,
				credentials: { invoiceOpsHighLevelApi: tokenCredential(sandbox) },
				extraNodeTypes: testNodeTypes,
			});
			return { result, clock };
		} finally {
			testClock.current = undefined;
		}
	}

	it('waits out the burst window HighLevel names in X-RateLimit-Interval-Milliseconds, then succeeds', async () => {
		const { result, clock } = await voidAfter429({
			'X-RateLimit-Interval-Milliseconds': '300',
			'X-RateLimit-Remaining': '0',
			'X-RateLimit-Daily-Remaining': '150000',
		});

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.equal(result.items[0].json.attempts, 2);
		assert.ok(clock.sends[1] >= 300, `the retry left only after the window (at ${clock.sends[1]} ms)`);
		assert.equal(sandbox.applied.get('inv_1'), 1);
	});

	for (const value of ['-1', 'soon 7', '12 13']) {
		it(`a malformed Retry-After (${JSON.stringify(value)}) falls back to X-RateLimit-Interval-Milliseconds`, async () => {
			const { result, clock } = await voidAfter429({
				'Retry-After': value,
				'X-RateLimit-Interval-Milliseconds': '300',
				'X-RateLimit-Daily-Remaining': '150000',
			});

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.attempts, 2);
			// The interval plus jitter of at most the 10 ms base delay.
			assert.equal(clock.sleeps.length, 1);
			assert.ok(clock.sleeps[0] >= 300 && clock.sleeps[0] <= 310, `waited ${clock.sleeps[0]} ms, not HighLevel's 300 ms window`);
			assert.ok(clock.sends[1] >= 300, `the retry left at ${clock.sends[1]} ms`);
		});
	}

	for (const value of ['', '1e3', '0x10', '12 13']) {
		it(`a malformed X-RateLimit-Interval-Milliseconds (${JSON.stringify(value)}) is no wait: exponential backoff applies`, async () => {
			const { result, clock } = await voidAfter429({ 'X-RateLimit-Interval-Milliseconds': value, 'X-RateLimit-Daily-Remaining': '150000' });

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.attempts, 2);
			// The first backoff of a 10 ms base: 5 to 10 ms ("equal jitter"); the pace may add a wait after it.
			assert.ok(clock.sleeps[0] >= 5 && clock.sleeps[0] <= 10, `waited ${clock.sleeps[0]} ms`);
		});
	}

	it('does not retry when the daily quota is used up, and says so', async () => {
		sandbox.addInvoice({ _id: 'inv_1', altId: LOCATION });
		sandbox.server.inject({
			kind: 'reply',
			reply: {
				status: 429,
				headers: { 'X-RateLimit-Daily-Remaining': '0', 'X-RateLimit-Limit-Daily': '200000', 'X-RateLimit-Interval-Milliseconds': '10000' },
				body: { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' },
			},
		});
		const result = await runWithToken(sandbox, { operation: 'void', invoiceId: 'inv_1', options: FAST }, { continueOnFail: true });

		assert.deepEqual(result.items[0].json.error, {
			message: 'HighLevel could not void invoice "inv_1": HighLevel\'s daily limit of 200000 requests for this app and location is used up',
			httpStatus: 429,
			code: 'daily_quota_exhausted',
		});
		assert.equal(result.items[0].json.attempts, 1);
		assert.equal(sandbox.requests.length, 1);
	});

	it('a void whose answer was lost, retried, is confirmed void with one read', async () => {
		sandbox.addInvoice({ _id: 'inv_v', altId: LOCATION });
		sandbox.server.inject({ kind: 'reset', afterHandler: true });
		const result = await runWithToken(sandbox, { operation: 'void', invoiceId: 'inv_v', options: FAST });

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.equal(result.items[0].json.attempts, 3);
		assert.deepEqual(
			sandbox.requests.map((request) => `${request.method} ${request.rawPath}`),
			['POST /invoices/inv_v/void', 'POST /invoices/inv_v/void', 'GET /invoices/inv_v'],
		);
		assert.equal(sandbox.applied.get('inv_v'), 1);
	});

	it('a delete whose answer was lost, retried and answered "not found", is not reported deleted', async () => {
		sandbox.addInvoice({ _id: 'inv_d', altId: LOCATION, status: 'draft' });
		sandbox.server.inject({ kind: 'reply', reply: { status: 502, body: {} }, afterHandler: true });
		const result = await runWithToken(sandbox, { operation: 'delete', invoiceId: 'inv_d', options: FAST });

		assert.equal(result.items.length, 0);
		assert.match(result.error!.message, /HighLevel could not delete invoice "inv_d": .*HTTP 404/);
		assert.match(result.error!.description!, /may have reached HighLevel and been applied \(its answer was lost: HTTP 502\).*nothing could confirm whether the invoice was deleted/);
		assert.equal(sandbox.invoices.has('inv_d'), false);
	});

	it("a proxy's 404 page after a lost answer is not reported deleted either", async () => {
		sandbox.addInvoice({ _id: 'inv_p', altId: LOCATION, status: 'draft' });
		sandbox.server.inject(
			{ kind: 'reply', reply: { status: 504, body: {} } },
			{ kind: 'reply', reply: { status: 404, text: '<html><body>404 Not Found</body></html>' } },
		);
		const result = await runWithToken(sandbox, { operation: 'delete', invoiceId: 'inv_p', options: FAST });

		assert.equal(result.items.length, 0);
		assert.match(result.error!.description!, /nothing could confirm whether the invoice was deleted/);
		assert.equal(sandbox.invoices.has('inv_p'), true, 'nothing was deleted');
	});

	it('a void refused on its first attempt is not reinterpreted, even when it names a void invoice', async () => {
		sandbox.addInvoice({ _id: 'inv_already', altId: LOCATION, status: 'void' });
		const result = await runWithToken(sandbox, { operation: 'void', invoiceId: 'inv_already' });

		assert.match(result.error!.message, /Invoice in void status cannot be voided \(400, HTTP 400\)/);
		assert.equal(sandbox.requests.length, 1, 'no confirming read');
	});
});
