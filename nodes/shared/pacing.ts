import { pause } from './retry';
import type { RateLimit } from './types';

/**
 * Where the transport reads the time and waits: the system's by default; tests hand the runner
 * a clock of their own so that a schedule is asserted, not raced against.
 */
export interface Clock {
	now(): number;
	/** Waits `ms`; a cancelled execution (`signal`) stops the wait at once. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** Told the time of every send the pacer lets go (tests keep the schedule to assert it). */
	sent?(at: number): void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => await pause(ms, signal),
};

/**
 * Pace 3% under the ceiling: requests reach the provider a little earlier or later than they
 * leave (event-loop queueing on both sides), and a provider counting arrivals must never see
 * more than its limit in any window. 3% absorbs 30 ms of such jitter per second.
 */
const JITTER_MARGIN = 1.03;

/** How many intervals the schedule may fall behind (late timers) and then catch up. */
const MAX_CATCH_UP = 4;

/** A hold (a 429's Retry-After) longer than the caller may still wait for one: waiting it out could not end in time. */
export interface RateLimitHold {
	/** How long the hold still lasts. */
	heldMs: number;
	/** How long this request had already waited for holds before giving up. */
	waitedMs: number;
	/** Set when the turn as a whole (pace and holds) would come later than the caller may wait: in how long. */
	turnMs?: number;
}

/**
 * Paces the requests of one execution (all items, all attempts) to a ceiling, and holds every
 * request back while the provider has asked the whole account to wait (a 429's `Retry-After`):
 * one item's rate-limit answer stops the others from running into the same wall.
 *
 * Two rules, both on actual send times: sends are at least `perMilliseconds / requests` apart
 * (smooth, no bursts), and no `perMilliseconds` window holds more than `requests` sends, even
 * after an event-loop stall made several requests late at once.
 */
export class Pacer {
	private intervalMs = 0;

	private windowMs = 0;

	/** Send times of the last `requests` sends (a ring buffer). */
	private sent: number[] = [];

	private capacity = 0;

	private oldest = 0;

	private nextSend = 0;

	private heldUntil = 0;

	constructor(
		limit: RateLimit | undefined,
		private readonly signal?: AbortSignal,
		private readonly clock: Clock = systemClock,
	) {
		this.setLimit(limit);
	}

	/**
	 * Paces to `limit` from now on (a rate budget adapting to the provider); the sends already
	 * made keep counting in the window rule.
	 */
	setLimit(limit: RateLimit | undefined): void {
		const paced = limit !== undefined && limit.requests > 0 && limit.perMilliseconds > 0;
		this.windowMs = paced ? limit.perMilliseconds * JITTER_MARGIN : 0;
		this.intervalMs = paced ? this.windowMs / limit.requests : 0;
		const capacity = paced ? Math.max(1, Math.floor(limit.requests)) : 0;
		if (capacity === this.capacity) return;
		const chronological = [...this.sent.slice(this.oldest), ...this.sent.slice(0, this.oldest)];
		this.sent = capacity === 0 ? [] : chronological.slice(-capacity);
		this.oldest = 0;
		this.capacity = capacity;
	}

	/**
	 * Resolves when the next request may leave, and counts it as sent. `signal`: the cancel signal
	 * of the execution waiting (a pacer shared by several executions has one per caller). Resolves
	 * to the hold instead, sending nothing, when waiting for holds would take longer than
	 * `maxHoldMs` in all. Only the hold counts, not the wait for the pace (or for a free slot):
	 * that is no rate-limit wait, and a request long in the queue is not any closer to its bound.
	 * `maxTurnMs` bounds the whole wait, pace included, for a caller that must answer in time (a
	 * trigger confirming a delivery).
	 */
	async take(
		signal: AbortSignal | undefined = this.signal,
		maxHoldMs = Number.POSITIVE_INFINITY,
		maxTurnMs = Number.POSITIVE_INFINITY,
	): Promise<RateLimitHold | undefined> {
		let heldWaitMs = 0;
		const startedAt = this.clock.now();
		for (;;) {
			const now = this.clock.now();
			const holdMs = Math.max(0, this.heldUntil - now);
			// Checked on every look: a hold may come from another request while this one waits.
			if (holdMs > 0 && heldWaitMs + holdMs > maxHoldMs) return { heldMs: holdMs, waitedMs: heldWaitMs };
			const waitMs = Math.max(holdMs, this.nextSend - now, this.windowWait(now));
			if (waitMs > 0) {
				const turnMs = now - startedAt + waitMs;
				if (turnMs > maxTurnMs) return { heldMs: holdMs, waitedMs: heldWaitMs, turnMs };
				// Others may take the slot meanwhile: look again after the wait.
				await this.clock.sleep(waitMs, signal);
				heldWaitMs += holdMs;
				continue;
			}
			this.record(now);
			this.clock.sent?.(now);
			return undefined;
		}
	}

	/**
	 * Holds every request until `until` (epoch ms), e.g. after a 429 with `Retry-After`. Sends
	 * then resume at the pace, without the catch-up a late timer allows: the provider has just
	 * said that its window is full.
	 */
	holdUntil(until: number): void {
		this.heldUntil = Math.max(this.heldUntil, until);
		this.nextSend = Math.max(this.nextSend, until);
	}

	private windowWait(now: number): number {
		if (this.capacity === 0 || this.sent.length < this.capacity) return 0;
		return this.sent[this.oldest] + this.windowMs - now;
	}

	private record(now: number): void {
		if (this.capacity === 0) return;
		// Keep to the schedule when timers fire late (a busy event loop), instead of letting the
		// lateness add up: up to MAX_CATCH_UP sends may follow each other closely to catch up.
		// The window rule still bounds any catch-up.
		const scheduled = Math.max(this.nextSend, now - this.intervalMs * MAX_CATCH_UP);
		this.nextSend = scheduled + this.intervalMs;
		if (this.sent.length < this.capacity) {
			this.sent.push(now);
			return;
		}
		this.sent[this.oldest] = now;
		this.oldest = (this.oldest + 1) % this.capacity;
	}
}

/** The ceiling the user set (requests per second; 0 = none), else the provider's own. */
export function rateLimitOf(requestsPerSecond: number, providerLimit: RateLimit | undefined): RateLimit | undefined {
	if (requestsPerSecond > 0) return { requests: requestsPerSecond, perMilliseconds: 1_000 };
	return providerLimit;
}
