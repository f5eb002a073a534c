import { pause } from './retry';
import type { RateLimit } from './types';

/**
 * Spaces the requests of one execution (all items, all attempts) to a ceiling, and holds every
 * request back while the provider has asked the whole account to wait (a 429's `Retry-After`):
 * one item's rate-limit answer stops the others from running into the same wall.
 *
 * Pacing is by evenly spaced slots (`perMilliseconds / requests` apart), so that no window of
 * `perMilliseconds` ever holds more than `requests` sends, whatever the window's alignment.
 */
export class Pacer {
	private readonly intervalMs: number;

	private nextSlot = 0;

	private heldUntil = 0;

	constructor(
		limit: RateLimit | undefined,
		private readonly signal?: AbortSignal,
	) {
		this.intervalMs = limit && limit.requests > 0 ? limit.perMilliseconds / limit.requests : 0;
	}

	/** Resolves when the next request may leave. */
	async take(): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (this.heldUntil > now) {
				await pause(this.heldUntil - now, this.signal);
				continue;
			}
			if (this.intervalMs === 0) return;
			const slot = Math.max(now, this.nextSlot);
			this.nextSlot = slot + this.intervalMs;
			await pause(slot - now, this.signal);
			// A hold that began while this request waited for its slot applies to it too.
			if (this.heldUntil <= Date.now()) return;
		}
	}

	/** Holds every request until `until` (epoch ms), e.g. after a 429 with `Retry-After`. */
	holdUntil(until: number): void {
		this.heldUntil = Math.max(this.heldUntil, until);
	}
}

/** The ceiling the user set (requests per second), else the provider's own. */
export function rateLimitOf(requestsPerSecond: unknown, providerLimit: RateLimit | undefined): RateLimit | undefined {
	if (typeof requestsPerSecond === 'number' && requestsPerSecond > 0) {
		return { requests: requestsPerSecond, perMilliseconds: 1_000 };
	}
	return providerLimit;
}
