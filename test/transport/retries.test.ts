import { assert, delay } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { VirtualClock } from '../harness/clock';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { CLOCKED_CHARGEBEE, HIGH_LEVEL_LIKE, testClock, testNodeTypes } from './test-nodes';

/** The json of a Continue On Fail error item. */
type ErrorItem = {
	success: boolean;
	outcome: string;
	attempts: number;
	error: { message: string; description?: string; httpStatus: number | null; code: unknown };
};

/** Retries fast in tests: a 5 ms base instead of 1 s. */
const FAST = { retryBaseDelayMs: 5 };

describe('Transport: retries, waits and idempotency through the engine', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.applied.clear();
		sandbox.requests.length = 0;
		sandbox.server.faultFunction = undefined;
		testClock.current = undefined;
	});

	const run = (parameters: Record<string, unknown>, node = 'chargebee', continueOnFail = false) =>
		runNode({
			node,
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			continueOnFail,
			extraNodeTypes: testNodeTypes,
		});

	it('waits the Retry-After of a 429, then succeeds on the second attempt', async () => {
		sandbox.addInvoice({ id: 'inv_429' });
		sandbox.server.inject({
			kind: 'reply',
			reply: { status: 429, headers: { 'Retry-After': '1' }, body: { message: 'slow down', api_error_code: 'api_request_limit_exceeded' } },
		});
		const clock = new VirtualClock();
		testClock.current = clock;
		const result = await run({ operation: 'void', invoiceId: 'inv_429', options: FAST }, CLOCKED_CHARGEBEE);

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(clock.sleeps.length, 1);
		assert.ok(clock.sleeps[0] >= 1000 && clock.sleeps[0] <= 1005, `waited the 1 s the provider asked for (+ jitter capped by the 5 ms base delay): ${clock.sleeps[0]}`);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.equal(result.items[0].json.attempts, 2);
		assert.equal(sandbox.applied.get('inv_429'), 1);
	});

	it('honours Retry-After given as an HTTP date', async () => {
		sandbox.addInvoice({ id: 'inv_date' });
		// HTTP dates have whole seconds: at least ~1 s ahead, at most 2 s.
		const at = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
		sandbox.server.inject({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': at.toUTCString() }, body: {} } });
		const result = await run({ operation: 'delete', invoiceId: 'inv_date', options: FAST });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.attempts, 2);
		assert.ok(Date.now() >= at.getTime() - 5, 'the retry did not leave before the date');
	});

	// Date.parse reads each of these as a date in the past: a wait of 0, five attempts at once.
	for (const value of ['-1', 'soon 7', '12 13']) {
		it(`backs off exponentially when Retry-After is malformed (${JSON.stringify(value)})`, async () => {
			sandbox.addInvoice({ id: 'inv_malformed' });
			const refused = { kind: 'reply' as const, reply: { status: 429, headers: { 'Retry-After': value }, body: { message: 'slow down' } } };
			sandbox.server.inject(refused, refused, refused, refused);
			const clock = new VirtualClock();
			testClock.current = clock;
			const result = await run({ operation: 'void', invoiceId: 'inv_malformed', options: { retryBaseDelayMs: 100 } }, CLOCKED_CHARGEBEE);

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.attempts, 5);
			// Equal jitter: the n-th wait is between half and all of 100 ms * 2^(n-1).
			assert.equal(clock.sleeps.length, 4, `waits: ${clock.sleeps.join(', ')}`);
			clock.sleeps.forEach((wait, index) => {
				const full = 100 * 2 ** index;
				assert.ok(wait >= full / 2 && wait <= full, `wait ${index + 1} was ${wait} ms, not within ${full / 2}-${full} ms`);
			});
			assert.ok(clock.sends[4] >= 750, `the fifth attempt left at ${clock.sends[4]} ms, after the backoff`);
		});
	}

	it('rides out a burst of 503s and counts every attempt', async () => {
		sandbox.addInvoice({ id: 'inv_503' });
		const unavailable = { kind: 'reply' as const, reply: { status: 503, body: { message: 'site in read only mode', api_error_code: 'site_read_only_mode' } } };
		sandbox.server.inject(unavailable, unavailable, unavailable);
		const result = await run({ operation: 'writeOff', invoiceId: 'inv_503', options: FAST });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.outcome, 'written_off');
		assert.equal(result.items[0].json.attempts, 4);
		assert.equal(sandbox.requests.length, 4);
		assert.equal(sandbox.applied.get('inv_503'), 1);
	});

	it('stops at Max Attempts with the last error and says how long it tried', async () => {
		sandbox.addInvoice({ id: 'inv_busy' });
		const unavailable = { kind: 'reply' as const, reply: { status: 503, body: { message: 'busy', api_error_code: 'site_read_only_mode' } } };
		sandbox.server.inject(unavailable, unavailable, unavailable);
		const result = await run({ operation: 'void', invoiceId: 'inv_busy', options: { ...FAST, maxAttempts: 3 } }, 'chargebee', true);

		const item = result.items[0].json as ErrorItem;
		assert.equal(item.success, false);
		assert.equal(item.attempts, 3);
		assert.equal(item.error.httpStatus, 503);
		assert.equal(item.error.code, 'site_read_only_mode');
		assert.equal(sandbox.requests.length, 3);
		assert.equal(sandbox.applied.get('inv_busy'), undefined);
	});

	it('stops when the next wait would pass Max Retry Wait', async () => {
		sandbox.addInvoice({ id: 'inv_long' });
		sandbox.server.inject({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '30' }, body: { message: 'later' } } });
		const clock = new VirtualClock();
		testClock.current = clock;
		const result = await run({ operation: 'void', invoiceId: 'inv_long', options: { ...FAST, maxRetryWaitSeconds: 2 } }, CLOCKED_CHARGEBEE);

		assert.deepEqual(clock.sleeps, [], 'did not sleep at all, let alone 30 s');
		assert.equal(result.error?.httpCode, '429');
		assert.match(result.error?.description ?? '', /Gave up after 1 attempt .*Max Retry Wait option \(2 s; the next wait would have been 3\d s\)/);
		assert.equal(sandbox.requests.length, 1);
	});

	for (const [status, code] of [
		[400, 'invalid_state_for_request'],
		[401, 'api_authentication_failed'],
		[404, 'resource_not_found'],
		[409, 'conflict'],
		[500, 'internal_error'],
	] as const) {
		it(`never retries a ${status}`, async () => {
			sandbox.addInvoice({ id: 'inv_no' });
			sandbox.server.inject({ kind: 'reply', reply: { status, body: { message: 'no', api_error_code: code } } });
			const result = await run({ operation: 'void', invoiceId: 'inv_no', options: FAST }, 'chargebee', true);

			assert.equal(result.items[0].json.attempts, 1);
			assert.equal(sandbox.requests.length, 1);
		});
	}

	it('retries a connection reset before the provider saw the request', async () => {
		sandbox.addInvoice({ id: 'inv_reset' });
		sandbox.server.inject({ kind: 'reset' });
		const result = await run({ operation: 'void', invoiceId: 'inv_reset', options: FAST });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.attempts, 2);
		assert.equal(sandbox.applied.get('inv_reset'), 1);
	});

	it('a void whose answer was lost is retried with the same idempotency key and applied once', async () => {
		sandbox.addInvoice({ id: 'inv_lost' });
		sandbox.server.inject({ kind: 'reset', afterHandler: true });
		const result = await run({ operation: 'void', invoiceId: 'inv_lost', options: FAST });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.equal(result.items[0].json.attempts, 2);
		const keys = sandbox.writes.map((request) => request.headers['chargebee-idempotency-key']);
		assert.equal(keys.length, 2);
		assert.equal(keys[0], keys[1]);
		assert.match(String(keys[0]), /^n8n:exec-\d+:node-under-test:0:void:inv_lost$/);
		assert.equal(sandbox.applied.get('inv_lost'), 1, 'the sandbox applied the void once');
		assert.equal(sandbox.invoices.get('inv_lost')!.status, 'voided');
	});

	it("the user's idempotency key is the one sent on every retry", async () => {
		sandbox.addInvoice({ id: 'inv_user_key' });
		sandbox.server.inject({ kind: 'reply', reply: { status: 502, body: {} }, afterHandler: true });
		const result = await run({ operation: 'void', invoiceId: 'inv_user_key', options: { ...FAST, idempotencyKey: 'refund-77' } });

		assert.equal(result.items[0].json.attempts, 2);
		assert.deepEqual(sandbox.writes.map((request) => request.headers['chargebee-idempotency-key']), ['refund-77', 'refund-77']);
		assert.equal(sandbox.applied.get('inv_user_key'), 1);
	});

	it('gives each item its own key', async () => {
		for (const id of ['a', 'b', 'c']) sandbox.addInvoice({ id });
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}' } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
		});

		assert.equal(result.error, undefined, result.error?.message);
		const keys = sandbox.writes.map((request) => request.headers['chargebee-idempotency-key']);
		assert.equal(new Set(keys).size, 3);
	});

	it('an expression inside Options is still resolved for every item', async () => {
		for (const id of ['a1', 'b1']) sandbox.addInvoice({ id });
		const result = await runNode({
			node: 'chargebee',
			parameters: {
				resource: 'invoice',
				operation: 'void',
				invoiceId: '={{ $json.id }}',
				comment: 'same for all',
				options: { idempotencyKey: '={{ "key-" + $json.id }}', retryBaseDelayMs: 5 },
			} as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: [{ id: 'a1' }, { id: 'b1' }],
		});

		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(sandbox.writes.map((request) => request.headers['chargebee-idempotency-key']).sort(), ['key-a1', 'key-b1']);
		assert.deepEqual(sandbox.writes.map((request) => request.body.comment), ['same for all', 'same for all']);
	});

	it('derives a header-safe key for any id: long or non-ASCII ids are hashed', async () => {
		const ids = ['Rechnung ü 7', `inv_${'x'.repeat(120)}`, '請求書-7'];
		for (const id of ids) sandbox.addInvoice({ id });
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: '={{ $json.id }}' } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
		});

		assert.equal(result.error, undefined, result.error?.message);
		const keys = sandbox.writes.map((request) => String(request.headers['chargebee-idempotency-key']));
		assert.equal(keys.length, 3);
		for (const key of keys) assert.match(key, /^n8n:[0-9a-f]{64}$/);
		assert.equal(new Set(keys).size, 3);
	});

	it('retries a timeout; the late first attempt is not applied twice', async () => {
		sandbox.addInvoice({ id: 'inv_slow' });
		sandbox.server.inject({ kind: 'delay', ms: 1000 });
		const result = await run({ operation: 'void', invoiceId: 'inv_slow', options: { ...FAST, timeout: 100 } });
		// The retry answered while the first attempt was still held: that attempt timed out.
		assert.equal(sandbox.applied.get('inv_slow'), 1, 'applied by the retry, before the held attempt');
		await delay(1050); // let the slow first attempt reach the handler

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.attempts, 2);
		assert.equal(sandbox.applied.get('inv_slow'), 1);
	});

	it('a timeout with no retry left names the network failure', async () => {
		sandbox.addInvoice({ id: 'inv_slower' });
		sandbox.server.inject({ kind: 'delay', ms: 300 });
		const result = await run({ operation: 'get', invoiceId: 'inv_slower', options: { ...FAST, timeout: 50, maxAttempts: 1 } }, 'chargebee', true);
		await delay(300);

		const item = result.items[0].json as ErrorItem;
		assert.equal(item.success, false);
		assert.equal(item.error.httpStatus, null);
		assert.match(item.error.message, /could not be reached to get invoice "inv_slower": E[A-Z]+/);
	});

	describe('a retried write that finds the change already made (changeIsMade)', () => {
		/** The key window passes before every request that has no queued fault (here: the retry). */
		const forgetKeysBeforeRetry = () => {
			sandbox.server.faultFunction = () => {
				sandbox.forgetIdempotencyKeys();
				return undefined;
			};
		};

		it('a delete that finds the invoice gone succeeds once a read including deleted invoices shows it deleted', async () => {
			sandbox.addInvoice({ id: 'inv_gone' });
			sandbox.server.inject({ kind: 'reset', afterHandler: true });
			forgetKeysBeforeRetry();
			const result = await run({ operation: 'delete', invoiceId: 'inv_gone', options: FAST });

			assert.equal(result.error, undefined, result.error?.message);
			const item = result.items[0].json;
			assert.equal(item.success, true);
			assert.equal(item.outcome, 'deleted');
			assert.equal(item.attempts, 4);
			assert.equal(item.response, null);
			assert.deepEqual(
				sandbox.requests.map((request) => `${request.method} ${request.rawPath} ${request.query.include_deleted ?? ''}`.trim()),
				['POST /api/v2/invoices/inv_gone/delete', 'POST /api/v2/invoices/inv_gone/delete', 'GET /api/v2/invoices/inv_gone', 'GET /api/v2/invoices true'],
			);
			assert.equal(sandbox.applied.get('inv_gone'), 1);
		});

		it('a delete of an invoice that never existed, retried after a reset, is not reported deleted', async () => {
			sandbox.server.inject({ kind: 'reset' });
			const result = await run({ operation: 'delete', invoiceId: 'inv_never', options: FAST }, 'chargebee', true);

			const item = result.items[0].json as ErrorItem;
			assert.equal(item.success, false);
			assert.equal(item.outcome, 'failed');
			assert.equal(item.error.code, 'resource_not_found');
			assert.match(item.error.message, /an earlier attempt whose answer was lost \(ECONNRESET\) may have deleted it, and nothing could confirm it/);
			assert.equal(result.error, undefined);
		});

		it('a void that finds the invoice voided succeeds after confirming with a read', async () => {
			sandbox.addInvoice({ id: 'inv_now_void' });
			sandbox.server.inject({ kind: 'reply', reply: { status: 504, body: {} }, afterHandler: true });
			forgetKeysBeforeRetry();
			const result = await run({ operation: 'void', invoiceId: 'inv_now_void', options: FAST });

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.outcome, 'voided');
			assert.equal(result.items[0].json.attempts, 3);
			assert.deepEqual(sandbox.requests.map((request) => request.method), ['POST', 'POST', 'GET']);
			assert.equal(sandbox.applied.get('inv_now_void'), 1);
		});

		it('a void refused for another state is still an error', async () => {
			sandbox.addInvoice({ id: 'inv_paid', status: 'paid' });
			sandbox.server.inject({ kind: 'reset' });
			const result = await run({ operation: 'void', invoiceId: 'inv_paid', options: FAST }, 'chargebee', true);

			assert.equal(result.items[0].json.success, false);
			assert.equal((result.items[0].json.error as Record<string, unknown>).code, 'invalid_state_for_request');
		});

		it('is not consulted when the earlier attempt cannot have gone through (429)', async () => {
			sandbox.server.inject({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '0' }, body: {} } });
			const result = await run({ operation: 'delete', invoiceId: 'inv_never_existed', options: FAST }, 'chargebee', true);

			const item = result.items[0].json as ErrorItem;
			assert.equal(item.success, false);
			assert.equal(item.attempts, 2);
			assert.equal(item.error.code, 'resource_not_found');
		});
	});

	describe('provider rate-limit headers as data (a HighLevel-like provider)', () => {
		it('does not retry once the daily quota is used up, and says so', async () => {
			sandbox.addInvoice({ id: 'inv_quota' });
			sandbox.server.inject({
				kind: 'reply',
				reply: {
					status: 429,
					headers: {
						'X-RateLimit-Limit-Daily': '200000',
						'X-RateLimit-Daily-Remaining': '0',
						'X-RateLimit-Interval-Milliseconds': '10000',
						'X-RateLimit-Max': '100',
						'X-RateLimit-Remaining': '0',
					},
					body: { statusCode: 429, message: 'Too many requests' },
				},
			});
			const result = await run({ operation: 'void', invoiceId: 'inv_quota', options: FAST }, HIGH_LEVEL_LIKE);

			assert.match(result.error?.message ?? '', /could not void invoice "inv_quota": the daily request quota \(200000\) is used up/);
			assert.match(result.error?.description ?? '', /did not retry/);
			assert.equal(sandbox.requests.length, 1);
		});

		it('waits X-RateLimit-Interval-Milliseconds when there is no Retry-After', async () => {
			sandbox.addInvoice({ id: 'inv_interval' });
			sandbox.server.inject({
				kind: 'reply',
				reply: {
					status: 429,
					headers: { 'X-RateLimit-Daily-Remaining': '199000', 'X-RateLimit-Interval-Milliseconds': '300', 'X-RateLimit-Remaining': '0' },
					body: {},
				},
			});
			const clock = new VirtualClock();
			testClock.current = clock;
			const result = await run({ operation: 'void', invoiceId: 'inv_interval', options: FAST }, HIGH_LEVEL_LIKE);

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.attempts, 2);
			assert.ok(clock.sends[1] >= 300, `the retry left only after the interval (at ${clock.sends[1]} ms)`);
		});
	});
});
