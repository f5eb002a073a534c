import { sleep, type IDataObject } from 'n8n-workflow';

import { toNumber, type NumberRange } from './coerce';

/** The bounds of one item's retries and of each of its requests, from the node's Options. */
export interface RetryPolicy {
	/** HTTP attempts per request, the first one included. */
	maxAttempts: number;
	/** Total time one request may spend waiting between its attempts. */
	maxRetryWaitMs: number;
	/** The first backoff; it doubles on every retry (with jitter) unless the provider says how long to wait. */
	retryBaseDelayMs: number;
	/** Per-attempt timeout handed to n8n's request helper. */
	timeoutMs: number;
	/**
	 * The longest one attempt may wait for its turn in the account's rate budget (pace and holds
	 * together); absent: no bound but Max Retry Wait on holds. For requests that must be answered
	 * within a deadline they do not choose, as a trigger's confirmation of a delivery.
	 */
	maxTurnWaitMs?: number;
}

/** Defaults documented in README ("Retries, rate limits and throughput"). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	maxRetryWaitMs: 120_000,
	retryBaseDelayMs: 1_000,
	timeoutMs: 30_000,
};

/**
 * The bounds the Options collection shows for each number (descriptions.ts reads them too): a
 * value outside is refused, never clamped or replaced by a default.
 */
export const OPTION_RANGES = {
	concurrency: { min: 0, max: 50, integer: true },
	maxAttempts: { min: 1, max: 20, integer: true },
	maxRequestsPerSecond: { min: 0, max: 1000 },
	maxRetryWaitSeconds: { min: 0, max: 3600 },
	retryBaseDelayMs: { min: 0, max: 60_000 },
	timeout: { min: 1, max: 300_000, integer: true },
} satisfies Record<string, NumberRange>;

/** The Options' display names, for messages. */
export const OPTION_NAMES: Record<keyof typeof OPTION_RANGES, string> = {
	concurrency: 'Concurrency',
	maxAttempts: 'Max Attempts',
	maxRequestsPerSecond: 'Max Requests per Second',
	maxRetryWaitSeconds: 'Max Retry Wait (Seconds)',
	retryBaseDelayMs: 'Retry Base Delay (Ms)',
	timeout: 'Timeout (Ms)',
};

/** A number option of the Options collection, checked against its range (throws ParameterError). */
export function numberOption(options: IDataObject, name: keyof typeof OPTION_RANGES, fallback: number): number {
	return toNumber(options[name], OPTION_NAMES[name], OPTION_RANGES[name], fallback);
}

export function retryPolicyOf(options: IDataObject): RetryPolicy {
	return {
		maxAttempts: numberOption(options, 'maxAttempts', DEFAULT_RETRY_POLICY.maxAttempts),
		maxRetryWaitMs: numberOption(options, 'maxRetryWaitSeconds', DEFAULT_RETRY_POLICY.maxRetryWaitMs / 1000) * 1000,
		retryBaseDelayMs: numberOption(options, 'retryBaseDelayMs', DEFAULT_RETRY_POLICY.retryBaseDelayMs),
		timeoutMs: numberOption(options, 'timeout', DEFAULT_RETRY_POLICY.timeoutMs),
	};
}

/** Answers that say "not now" rather than "no": the provider did not act, or may act on a retry. */
export const RETRYABLE_STATUSES = [429, 502, 503, 504];

/**
 * Answers after which the request may have been carried out even though no success came back:
 * a gateway that timed out or broke behind the provider's edge.
 */
const UNCLEAR_STATUSES = [502, 504];

/** Network failures worth another attempt; a refused connection or unknown host is a setup error, not a blip. */
/**
 * Network failures where the request left before the failure, so it may have been applied:
 * Node's classic codes and their counterparts in its fetch stack (undici): "other side closed"
 * is `UND_ERR_SOCKET`, a reset; the header and body timeouts are timeouts.
 */
const UNCLEAR_NETWORK_CODES = [
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'UND_ERR_SOCKET',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
];

/**
 * Network failures worth another attempt: the unclear ones, and blips before anything left (a
 * DNS hiccup, a connect timeout). A refused connection or unknown host is a setup error.
 */
const RETRYABLE_NETWORK_CODES = [...UNCLEAR_NETWORK_CODES, 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'];

/** What one attempt ended with, as far as retrying is concerned. */
export interface AttemptOutcome {
	/** The HTTP status, or null when no answer arrived. */
	statusCode: number | null;
	/** The network error code when no answer arrived. */
	networkCode?: string;
}

export function isRetryable({ statusCode, networkCode }: AttemptOutcome): boolean {
	if (statusCode !== null) return RETRYABLE_STATUSES.includes(statusCode);
	return networkCode !== undefined && RETRYABLE_NETWORK_CODES.includes(networkCode);
}

/** Whether the provider may have carried out the request although the attempt did not succeed. */
export function mayHaveBeenApplied({ statusCode, networkCode }: AttemptOutcome): boolean {
	if (statusCode !== null) return UNCLEAR_STATUSES.includes(statusCode);
	return networkCode !== undefined && UNCLEAR_NETWORK_CODES.includes(networkCode);
}

/** A header's value whatever its case (n8n lower-cases names, but not every path does). */
export function headerOf(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		const text = Array.isArray(value) ? value[0] : value;
		return text === undefined || text === null ? undefined : String(text);
	}
	return undefined;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const MONTH = `(${MONTHS.join('|')})`;

/**
 * The three forms of an HTTP-date (RFC 9110 5.6.7), each as a pattern and how its groups map to
 * weekday, day, month, year, hours, minutes, seconds.
 */
const HTTP_DATE_FORMS = [
	// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
	{ pattern: new RegExp(`^(${WEEKDAYS.join('|')}), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`), weekdays: WEEKDAYS, order: [1, 2, 3, 4, 5, 6, 7] },
	// obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
	{ pattern: new RegExp(`^(${LONG_WEEKDAYS.join('|')}), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`), weekdays: LONG_WEEKDAYS, order: [1, 2, 3, 4, 5, 6, 7] },
	// obsolete asctime: Sun Nov  6 08:49:37 1994
	{ pattern: new RegExp(`^(${WEEKDAYS.join('|')}) ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`), weekdays: WEEKDAYS, order: [1, 3, 2, 7, 4, 5, 6] },
];

/**
 * An HTTP-date in epoch ms, or `undefined` for anything else, a date that does not exist (31
 * Feb) or a weekday that is not that date's. Not `Date.parse`: it reads `-1`, `soon 7` or
 * `12 13` as dates, which would turn a malformed header into "retry now".
 */
function httpDateOf(value: string, now: number): number | undefined {
	for (const { pattern, weekdays, order } of HTTP_DATE_FORMS) {
		const match = pattern.exec(value);
		if (!match) continue;
		const [weekday, day, month, year, hours, minutes, seconds] = order.map((group) => match[group].trim());
		let fullYear = Number(year);
		if (year.length === 2) {
			// RFC 9110: a two-digit year more than 50 years ahead is the latest past year ending so.
			const thisYear = new Date(now).getUTCFullYear();
			fullYear = Math.floor(thisYear / 100) * 100 + fullYear;
			if (fullYear > thisYear + 50) fullYear -= 100;
		}
		const [h, m, s] = [hours, minutes, seconds].map(Number);
		if (h > 23 || m > 59 || s > 59) return undefined;
		const date = new Date(Date.UTC(fullYear, MONTHS.indexOf(month), Number(day), h, m, s));
		// Date.UTC rolls 31 Feb over into March: such a day does not exist.
		if (date.getUTCDate() !== Number(day) || weekdays[date.getUTCDay()] !== weekday) return undefined;
		return date.getTime();
	}
	return undefined;
}

/**
 * `Retry-After` in milliseconds (RFC 9110 10.2.3): delta-seconds (`1*DIGIT`) or an HTTP-date,
 * strictly. Anything else (`-1`, `1.5`, `soon`, two values) is `undefined`, so that the caller's
 * fallback applies (HighLevel's interval header, else exponential backoff) instead of no wait.
 */
export function retryAfterOf(headers: Record<string, unknown>, now = Date.now()): number | undefined {
	const value = headerOf(headers, 'retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+$/.test(value)) return Number(value) * 1000;
	const date = httpDateOf(value, now);
	return date === undefined ? undefined : Math.max(0, date - now);
}

/** A header holding a number of milliseconds, e.g. HighLevel's `X-RateLimit-Interval-Milliseconds`. */
export function millisecondsHeader(headers: Record<string, unknown>, name: string): number | undefined {
	// Digits only, as for Retry-After: `''`, `1e3`, `0x10` or `-5` is no wait at all, not a wait of 0.
	const value = headerOf(headers, name)?.trim() ?? '';
	return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * The wait before attempt `attempt + 1`: what the provider asked for (plus up to 10% jitter so
 * that waiting items do not return in one burst), else exponential backoff with "equal jitter"
 * (half fixed, half random) so items spread out.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, providerWaitMs: number | undefined, random = Math.random): number {
	if (providerWaitMs !== undefined) {
		return providerWaitMs + random() * Math.min(policy.retryBaseDelayMs, providerWaitMs / 10, 1_000);
	}
	const exponential = policy.retryBaseDelayMs * 2 ** (attempt - 1);
	return exponential / 2 + (random() * exponential) / 2;
}

/** Waits `ms` with n8n's `sleep`; a cancelled execution stops the wait at once. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0) return;
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw new Error('The execution was cancelled');
	let onAbort: () => void = () => undefined;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new Error('The execution was cancelled'));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
