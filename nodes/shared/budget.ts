import { Pacer, systemClock, type Clock, type RateLimitHold } from './pacing';
import type { RateLimit } from './types';

/**
 * The request budget of one account (credential and host) in one n8n process: the pace, the
 * Retry-After hold and the in-flight cap that every execution sending with that credential
 * shares. n8n loads the package once per process, so module state is shared by the executions of
 * a worker (or of the main process), never across processes: there the provider's 429 stays the
 * brake, and each process's budget adapts to what it is let through.
 */

/** What the provider's headers say about its current window (HighLevel's `X-RateLimit-Remaining`, `-Interval-Milliseconds`). */
export interface RemainingQuota {
	remaining: number;
	intervalMs: number;
}

/** What one attempt's answer tells the budget. */
export interface AttemptFeedback {
	/** The HTTP status; null when no answer came. */
	statusCode: number | null;
	/** The wait the provider asked for (a 429's Retry-After), ms. */
	retryAfterMs?: number;
	quota?: RemainingQuota;
}

/** One request's place in the budget, from `take` to `release`. */
export interface Ticket {
	readonly sentAt: number;
	released: boolean;
}

export interface BudgetSettings {
	/** The documented limit or the user's Max Requests per Second; absent: unknown, learnt from 429s. */
	ceiling?: RateLimit;
	/** Requests in flight at once (ChartMogul's 20 connections); absent: no cap. */
	maxInFlight?: number;
	clock?: Clock;
}

/**
 * A 429 cuts the rate to this share of what the provider let through in the window before it
 * (the limit as seen from this process: under half of it when another process shares the
 * account). The measure is what got through, not what was sent, so the cut lands just under the
 * limit instead of halving blindly; the margin drains the retries the 429s left behind.
 */
const RATE_CUT = 0.9;

/** Back up to what got through: this share of it per quiet second (no 429, requests waiting for the pace). */
const RECOVERY_STEP = 0.05;
const RECOVERY_QUIET_MS = 1_000;

/**
 * Past what got through, probe slowly (the provider may allow more, or the other process
 * stopped): this share of it after 10 quiet seconds, doubling with every further quiet 10 s, so
 * that probing costs a 429 only now and then and a freed account is taken up within a minute or two.
 */
const PROBE_STEP = 0.01;
const PROBE_QUIET_MS = 10_000;

/** Never slower than this (requests per second): the provider's 429 brakes below it. */
const MIN_RATE = 0.1;

/** The window in which what got through is counted: the 429's Retry-After, within these bounds. */
const MIN_LEARNING_WINDOW_MS = 1_000;
const MAX_LEARNING_WINDOW_MS = 60_000;

/**
 * A remaining-quota reading counts for its window, but never longer than this: HighLevel's window
 * is 10 s, and a window of hours (a malformed or hostile header: up to 15 digits of ms) would
 * otherwise keep the rate at MIN_RATE for as long as no later answer carries the headers.
 */
const MAX_QUOTA_READING_MS = 60_000;

/** Send times kept per budget (for the counts above). */
const HISTORY = 1_024;

/** Send times, the last `HISTORY` of them. */
class SendHistory {
	private readonly times: number[] = [];

	private next = 0;

	push(at: number): void {
		if (this.times.length < HISTORY) this.times.push(at);
		else this.times[this.next] = at;
		this.next = (this.next + 1) % HISTORY;
	}

	/** How many fall in `[since, now]`, and the span they cover (shorter when the history is full). */
	since(since: number, now: number): { count: number; spanMs: number } {
		let count = 0;
		let oldest = now;
		for (const at of this.times) {
			if (at < since || at > now) continue;
			count++;
			oldest = Math.min(oldest, at);
		}
		const full = count === HISTORY;
		return { count, spanMs: full ? Math.max(1, now - oldest) : now - since };
	}
}

const perSecond = ({ count, spanMs }: { count: number; spanMs: number }) => (count * 1000) / Math.max(1, spanMs);

export class Budget {
	private readonly clock: Clock;

	private readonly pacer: Pacer;

	private readonly ceiling: RateLimit | undefined;

	private readonly ceilingPerSecond: number | undefined;

	private readonly maxInFlight: number;

	/** The rate learnt from 429s (requests per second); undefined: none learnt, the ceiling holds. */
	private learnt: number | undefined;

	/** What the provider let through before the last cut (requests per second). */
	private gotThrough = 0;

	private probeStep = PROBE_STEP;

	/** The rate the provider's remaining-quota headers allow, and until when that reading counts. */
	private quota: { perSecond: number; until: number } | undefined;

	private applied: number | undefined;

	private lastCutAt = Number.NEGATIVE_INFINITY;

	private lastChangeAt = Number.NEGATIVE_INFINITY;

	/** Whether a request waited for the pace since the last change (the rate, not demand, was the bound). */
	private paceBound = false;

	private readonly sends = new SendHistory();

	/** Send times of requests the provider answered with anything but a 429. */
	private readonly accepted = new SendHistory();

	private inFlight = 0;

	private readonly waiting: Array<() => void> = [];

	/** Last take or answer (clock time): a budget idle long enough is released. */
	lastUsedAt: number;

	constructor(settings: BudgetSettings = {}) {
		this.clock = settings.clock ?? systemClock;
		const { ceiling } = settings;
		const paced = ceiling !== undefined && ceiling.requests > 0 && ceiling.perMilliseconds > 0;
		this.ceiling = paced ? ceiling : undefined;
		this.ceilingPerSecond = paced ? (ceiling.requests * 1000) / ceiling.perMilliseconds : undefined;
		this.maxInFlight = settings.maxInFlight ?? 0;
		this.pacer = new Pacer(this.ceiling, undefined, this.clock);
		this.applied = this.ceilingPerSecond;
		this.lastUsedAt = this.clock.now();
	}

	/** The rate the budget paces to now (requests per second); undefined: unpaced. */
	get requestsPerSecond(): number | undefined {
		return this.applied;
	}

	/** Requests in flight or waiting for a slot: a busy budget is never released. */
	get busy(): boolean {
		return this.inFlight > 0 || this.waiting.length > 0;
	}

	/**
	 * Waits for an in-flight slot and the pace; the request may then leave. `release` it once
	 * answered. Resolves to the hold instead, with nothing to release, when the Retry-After holds
	 * (from any execution sharing the budget) would keep it waiting longer than `maxHoldMs`.
	 */
	async take(signal?: AbortSignal): Promise<Ticket>;
	async take(signal: AbortSignal | undefined, maxHoldMs: number, maxTurnMs?: number): Promise<Ticket | RateLimitHold>;
	async take(signal?: AbortSignal, maxHoldMs?: number, maxTurnMs?: number): Promise<Ticket | RateLimitHold> {
		this.lastUsedAt = this.clock.now();
		await this.slot(signal);
		let paced = false;
		try {
			const before = this.clock.now();
			this.recover(before);
			const hold = await this.pacer.take(signal, maxHoldMs, maxTurnMs);
			if (hold) return hold;
			paced = true;
			const sentAt = this.clock.now();
			if (sentAt > before) this.paceBound = true;
			this.sends.push(sentAt);
			return { sentAt, released: false };
		} finally {
			// Cancelled while waiting for the pace: the slot goes to the next request.
			if (!paced) this.freeSlot();
		}
	}

	/** Frees the ticket's in-flight slot (once, however often called). */
	release(ticket: Ticket): void {
		if (ticket.released) return;
		ticket.released = true;
		this.freeSlot();
	}

	/** Adapts the rate to the answer: a 429 cuts it, the provider's remaining quota bounds it. */
	learn(ticket: Ticket, feedback: AttemptFeedback): void {
		const now = this.clock.now();
		this.lastUsedAt = now;
		if (feedback.quota) this.readQuota(feedback.quota, now);
		if (feedback.statusCode === 429) this.cut(ticket.sentAt, feedback.retryAfterMs, now);
		else if (feedback.statusCode !== null) this.accepted.push(ticket.sentAt);
		this.apply(now);
	}

	/** Holds every request of the budget until `until` (a 429's Retry-After is about the account). */
	holdUntil(until: number): void {
		this.pacer.holdUntil(until);
	}

	private async slot(signal: AbortSignal | undefined): Promise<void> {
		if (this.maxInFlight === 0 || this.inFlight < this.maxInFlight) {
			this.inFlight++;
			return;
		}
		if (signal?.aborted) throw new Error('The execution was cancelled');
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				const index = this.waiting.indexOf(handOver);
				if (index !== -1) this.waiting.splice(index, 1);
				reject(new Error('The execution was cancelled'));
			};
			// The slot passes straight from the request that frees it: `inFlight` stays as it is.
			const handOver = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.waiting.push(handOver);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	private freeSlot(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.inFlight--;
	}

	/**
	 * A 429 for a request sent after the last cut (one sent before it belongs to the same crowd,
	 * so a hold's worth of 429s cuts once) that asks to wait: the rate drops to RATE_CUT of what
	 * the provider let through in the window before it, or of the current rate when that is lower.
	 */
	private cut(sentAt: number, retryAfterMs: number | undefined, now: number): void {
		// A 429 that asks for no wait says the window has room again: nothing to learn about the rate.
		if (sentAt < this.lastCutAt || retryAfterMs === 0) return;
		const windowMs = Math.min(MAX_LEARNING_WINDOW_MS, Math.max(MIN_LEARNING_WINDOW_MS, retryAfterMs ?? 0));
		const through = this.accepted.since(now - windowMs, now);
		// Nothing of this budget got through (others took the whole window, or this is an
		// execution's only request): nothing to measure, the hold is the brake.
		if (through.count === 0) return;
		const base = Math.min(perSecond(through), this.applied ?? Number.POSITIVE_INFINITY);
		this.gotThrough = Math.max(MIN_RATE, base);
		this.probeStep = PROBE_STEP;
		this.learnt = Math.max(MIN_RATE, base * RATE_CUT);
		this.lastCutAt = now;
		this.lastChangeAt = now;
		this.paceBound = false;
	}

	/**
	 * After a quiet interval in which the pace was the bound, grow back additively: quickly up to
	 * what got through, slowly past it, never past the ceiling.
	 */
	private recover(now: number): void {
		const learnt = this.learnt;
		if (learnt !== undefined && this.paceBound) {
			const below = learnt < this.gotThrough;
			if (now - this.lastChangeAt >= (below ? RECOVERY_QUIET_MS : PROBE_QUIET_MS)) {
				const grown = below ? Math.min(this.gotThrough, learnt + this.gotThrough * RECOVERY_STEP) : learnt + this.gotThrough * this.probeStep;
				if (!below) this.probeStep *= 2;
				this.learnt = this.ceilingPerSecond !== undefined && grown >= this.ceilingPerSecond ? undefined : grown;
				this.lastChangeAt = now;
				this.paceBound = false;
			}
		}
		this.apply(now);
	}

	/**
	 * The provider's own count: `remaining` left in its window of `intervalMs`, besides what this
	 * budget sent in that time. What others (other processes) used is missing from both, so this
	 * budget keeps to what is left for it: the rate settles at its share without a 429.
	 */
	private readQuota({ remaining, intervalMs }: RemainingQuota, now: number): void {
		if (!(intervalMs > 0) || !(remaining >= 0)) return;
		const ours = this.sends.since(now - intervalMs, now).count;
		this.quota = { perSecond: ((remaining + ours) * 1000) / intervalMs, until: now + Math.min(intervalMs, MAX_QUOTA_READING_MS) };
	}

	private apply(now: number): void {
		if (this.quota && this.quota.until <= now) this.quota = undefined;
		const bounds = [this.ceilingPerSecond, this.learnt, this.quota?.perSecond].filter((bound): bound is number => bound !== undefined);
		const rate = bounds.length === 0 ? undefined : Math.max(MIN_RATE, Math.min(...bounds));
		if (rate === this.applied) return;
		this.applied = rate;
		if (rate === undefined || rate === this.ceilingPerSecond) {
			this.pacer.setLimit(this.ceiling);
			return;
		}
		const perMilliseconds = this.ceiling?.perMilliseconds ?? 1_000;
		this.pacer.setLimit({ requests: (rate * perMilliseconds) / 1000, perMilliseconds });
	}
}

/** Whose budget: the provider, the credential's id and the host it sends to. */
export interface Account {
	provider: string;
	credentialId: string;
	baseUrl: string;
}

/** A budget unused this long (clock time) with nothing in flight is released. */
const IDLE_RELEASE_MS = 5 * 60_000;

/** At most this many budgets per process; past it, the least recently used idle one goes. */
const MAX_BUDGETS = 256;

/** Budgets by clock (tests run their own), then by account and settings. */
let registries = new WeakMap<Clock, Map<string, Budget>>();

/**
 * The budget the executions of this process share for `account` with these settings (the same
 * Max Requests per Second: a different ceiling is a budget of its own). A new, unshared one when
 * `share` is off, the credential has no id, or every registered budget is busy.
 */
export function budgetFor(account: Account, settings: BudgetSettings, share: boolean): Budget {
	const clock = settings.clock ?? systemClock;
	if (!share || account.credentialId === '') return new Budget(settings);
	let budgets = registries.get(clock);
	if (!budgets) {
		budgets = new Map();
		registries.set(clock, budgets);
	}
	const key = JSON.stringify([
		account.provider,
		account.credentialId,
		account.baseUrl,
		settings.ceiling?.requests ?? null,
		settings.ceiling?.perMilliseconds ?? null,
		settings.maxInFlight ?? null,
	]);
	const now = clock.now();
	const found = budgets.get(key);
	if (found) {
		// Most recently used last: the eviction below takes the first idle one.
		budgets.delete(key);
		budgets.set(key, found);
		return found;
	}
	for (const [other, budget] of budgets) {
		if (!budget.busy && now - budget.lastUsedAt >= IDLE_RELEASE_MS) budgets.delete(other);
	}
	if (budgets.size >= MAX_BUDGETS) {
		const idle = [...budgets].find(([, budget]) => !budget.busy);
		if (!idle) return new Budget(settings);
		budgets.delete(idle[0]);
	}
	const budget = new Budget(settings);
	budgets.set(key, budget);
	return budget;
}

/** Forgets every shared budget (tests start each case without any). */
export function releaseBudgets(): void {
	registries = new WeakMap();
}

/** How many budgets are registered for `clock` (tests check the bound and the release). */
export function registeredBudgets(clock: Clock = systemClock): number {
	return registries.get(clock)?.size ?? 0;
}
