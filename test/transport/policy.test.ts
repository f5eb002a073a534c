import type { IDataObject } from 'n8n-workflow';

import { assert } from '../harness/node';
import { describe, it } from '../harness/runner';

import { Pacer, rateLimitOf } from '../../nodes/shared/pacing';
import { VirtualClock, busiestWindow } from '../harness/clock';
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

	it('reads the obsolete HTTP-date forms strictly too (RFC 850, asctime)', () => {
		assert.equal(retryAfterOf({ 'retry-after': 'Sunday, 22-Nov-26 20:00:07 GMT' }, now), 7000);
		assert.equal(retryAfterOf({ 'retry-after': 'Sun Nov 22 20:00:09 2026' }, now), 9000);
		assert.equal(retryAfterOf({ 'retry-after': 'Mon Dec  7 20:00:00 2026' }, now), 15 * 86_400_000, 'asctime pads a one-digit day with a space');
		assert.equal(retryAfterOf({ 'retry-after': 'Sunday, 06-Nov-94 08:49:37 GMT' }, now), 0, 'a two-digit year more than 50 years ahead is in the past');
	});

	// Each of these passes Date.parse, which read them as dates years ago: a wait of 0.
	for (const value of [
		'-1',
		'soon 7',
		'12 13',
		'1.5',
		'+5',
		'5, 7',
		'0x10',
		'1e3',
		'2026-11-22T20:00:05Z',
		'Sun, 22 Nov 2026 20:00:05',
		'Sun, 22 Nov 2026 20:00:05 UTC',
		'sun, 22 nov 2026 20:00:05 GMT',
		'Mon, 22 Nov 2026 20:00:05 GMT',
		'Sun, 31 Feb 2026 20:00:05 GMT',
		'Sun, 22 Nov 2026 24:00:05 GMT',
		'Sun,  22 Nov 2026 20:00:05 GMT',
		'Sunday, 22-Nov-2026 20:00:05 GMT',
	]) {
		it(`reads the malformed Retry-After ${JSON.stringify(value)} as none`, () => {
			assert.equal(retryAfterOf({ 'retry-after': value }, now), undefined);
		});
	}

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
		assert.deepEqual(retryPolicyOf({ maxAttempts: ' 3 ', timeout: '2000' }), { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, timeoutMs: 2000 });
	});

	it('refuses numbers outside the ranges the UI shows, or no number at all, naming the option', () => {
		const refusals: Array<[IDataObject, RegExp]> = [
			[{ maxAttempts: 0 }, /"Max Attempts" must be between 1 and 20 \(got 0\)/],
			[{ maxAttempts: 1e6 }, /"Max Attempts" must be between 1 and 20/],
			[{ maxAttempts: 2.5 }, /"Max Attempts" must be a whole number/],
			[{ maxRetryWaitSeconds: 1e9 }, /"Max Retry Wait \(Seconds\)" must be between 0 and 3600/],
			[{ retryBaseDelayMs: -1 }, /"Retry Base Delay \(Ms\)" must be between 0 and 60000/],
			[{ timeout: 'soon' }, /"Timeout \(Ms\)" must be a number \(got "soon"\)/],
			[{ timeout: null }, /"Timeout \(Ms\)" must be a number \(got null\)/],
			[{ timeout: Infinity }, /"Timeout \(Ms\)" must be a number/],
		];
		for (const [options, message] of refusals) {
			assert.throws(() => retryPolicyOf(options), message, JSON.stringify(options));
		}
	});

	it("takes the user's requests per second over the provider's pace", () => {
		const provider = { requests: 100, perMilliseconds: 10_000 };
		assert.deepEqual(rateLimitOf(0, provider), provider);
		assert.deepEqual(rateLimitOf(25, provider), { requests: 25, perMilliseconds: 1000 });
		assert.equal(rateLimitOf(0, undefined), undefined);
	});

	it('paces sends: never more than the limit in any window, evenly spaced, holding on request', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ requests: 10, perMilliseconds: 200 }, undefined, clock);
		await Promise.all(
			Array.from({ length: 4 }, async () => {
				while (clock.sends.length < 30) await pacer.take();
			}),
		);
		const sent = clock.sends;
		// 3% under the ceiling: windows of 206 ms, sends 20.6 ms apart.
		assert.equal(busiestWindow(sent, 206 - 1e-6), 10, 'never 11 sends within one window');
		for (let index = 1; index < sent.length; index++) {
			assert.ok(sent[index] - sent[index - 1] >= 20.6 - 1e-9, `send ${index} only ${sent[index] - sent[index - 1]} ms after the one before`);
		}

		const held = new Pacer(undefined, undefined, clock);
		const heldAt = clock.now();
		held.holdUntil(heldAt + 120);
		await held.take();
		assert.equal(clock.sends[clock.sends.length - 1], heldAt + 120, 'let go exactly when the hold ended');
	});

	it('catches up after a stall by at most four intervals, and the window rule still holds', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ requests: 5, perMilliseconds: 100 }, undefined, clock);
		await pacer.take();
		await clock.sleep(1000); // the event loop stalled for a second
		for (let index = 0; index < 10; index++) await pacer.take();
		const afterStall = clock.sends.slice(1).map((at) => Math.round(at * 1000) / 1000);
		assert.deepEqual(afterStall.slice(0, 5), [1000, 1000, 1000, 1000, 1000], 'four late sends catch up with the one due');
		assert.ok(afterStall[5] >= 1103 - 1e-6, 'the sixth waits for the window');
		assert.equal(busiestWindow(clock.sends, 103 - 1e-6), 5, 'never more than 5 within one window');
	});
});
