import { assert, describe, it } from '../harness/node';

import { Pacer, rateLimitOf } from '../../nodes/shared/pacing';
import {
	DEFAULT_RETRY_POLICY,
	backoffMs,
	isRetryable,
	mayHaveBeenApplied,
	retryAfterOf,
	retryPolicyOf,
} from '../../nodes/shared/retry';

describe('Transport: retry policy pieces', () => {
	const now = Date.parse('2026-11-22T20:00:00Z');

	it('reads Retry-After as seconds or as an HTTP date, whatever the header case', () => {
		assert.equal(retryAfterOf({ 'retry-after': '3' }, now), 3000);
		assert.equal(retryAfterOf({ 'Retry-After': '0' }, now), 0);
		assert.equal(retryAfterOf({ 'retry-after': 'Sun, 22 Nov 2026 20:00:05 GMT' }, now), 5000);
		assert.equal(retryAfterOf({ 'retry-after': 'Sun, 22 Nov 2026 19:59:00 GMT' }, now), 0, 'a past date means now');
		assert.equal(retryAfterOf({ 'retry-after': 'soon' }, now), undefined);
		assert.equal(retryAfterOf({}, now), undefined);
	});

	it('retries only 429, 502, 503, 504 and transient network failures', () => {
		for (const statusCode of [429, 502, 503, 504]) assert.equal(isRetryable({ statusCode }), true, String(statusCode));
		for (const statusCode of [400, 401, 403, 404, 409, 422, 500]) assert.equal(isRetryable({ statusCode }), false, String(statusCode));
		for (const networkCode of ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED']) assert.equal(isRetryable({ statusCode: null, networkCode }), true);
		for (const networkCode of ['ECONNREFUSED', 'ENOTFOUND', undefined]) assert.equal(isRetryable({ statusCode: null, networkCode }), false);
	});

	it('knows which failures may hide an applied request', () => {
		assert.equal(mayHaveBeenApplied({ statusCode: 429 }), false);
		assert.equal(mayHaveBeenApplied({ statusCode: 503 }), false);
		assert.equal(mayHaveBeenApplied({ statusCode: 502 }), true);
		assert.equal(mayHaveBeenApplied({ statusCode: 504 }), true);
		assert.equal(mayHaveBeenApplied({ statusCode: null, networkCode: 'ECONNRESET' }), true);
		assert.equal(mayHaveBeenApplied({ statusCode: null, networkCode: 'EAI_AGAIN' }), false);
	});

	it('backs off exponentially with jitter, or waits what the provider asked plus a little', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, retryBaseDelayMs: 100 };
		assert.equal(backoffMs(1, policy, undefined, () => 0), 50);
		assert.equal(backoffMs(1, policy, undefined, () => 1), 100);
		assert.equal(backoffMs(4, policy, undefined, () => 1), 800);
		assert.equal(backoffMs(3, policy, 2000, () => 0), 2000);
		assert.equal(backoffMs(3, policy, 2000, () => 1), 2100);
		assert.equal(backoffMs(1, { ...policy, retryBaseDelayMs: 1000 }, 300, () => 1), 330, 'jitter at most 10% of the wait');
	});

	it('reads the options, falling back to the documented defaults', () => {
		assert.deepEqual(retryPolicyOf({}), { maxAttempts: 5, maxRetryWaitMs: 120_000, retryBaseDelayMs: 1000, timeoutMs: 30_000 });
		assert.deepEqual(retryPolicyOf({ maxAttempts: 2, maxRetryWaitSeconds: 1.5, retryBaseDelayMs: 0, timeout: 250 }), {
			maxAttempts: 2,
			maxRetryWaitMs: 1500,
			retryBaseDelayMs: 0,
			timeoutMs: 250,
		});
		assert.equal(retryPolicyOf({ maxAttempts: 0 }).maxAttempts, 5);
	});

	it("takes the user's requests per second over the provider's pace", () => {
		const provider = { requests: 100, perMilliseconds: 10_000 };
		assert.deepEqual(rateLimitOf(0, provider), provider);
		assert.deepEqual(rateLimitOf(25, provider), { requests: 25, perMilliseconds: 1000 });
		assert.equal(rateLimitOf(undefined, undefined), undefined);
	});

	it('paces sends: never more than the limit in any window, evenly spaced, holding on request', async () => {
		const pacer = new Pacer({ requests: 10, perMilliseconds: 200 });
		const sent: number[] = [];
		const started = Date.now();
		await Promise.all(
			Array.from({ length: 4 }, async () => {
				while (sent.length < 30) {
					await pacer.take();
					sent.push(Date.now());
				}
			}),
		);
		for (let index = 10; index < sent.length; index++) {
			assert.ok(sent[index] - sent[index - 10] >= 200, `send ${index}: 11 sends within ${sent[index] - sent[index - 10]} ms`);
		}
		assert.ok(sent[sent.length - 1] - started >= 29 * 20, 'about 20 ms apart');

		const held = new Pacer(undefined);
		held.holdUntil(Date.now() + 120);
		const before = Date.now();
		await held.take();
		assert.ok(Date.now() - before >= 115, 'waited for the hold');
	});
});
