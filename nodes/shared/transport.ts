import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type JsonObject,
	type RequestHelperFunctions,
} from 'n8n-workflow';

import { budgetFor, type Budget } from './budget';
import { systemClock, type Clock, type RateLimitHold } from './pacing';
export { normalizeBaseUrl } from '../../credentials/baseUrl';
import { redactText, redactValue, secretsOf } from './redact';
import {
	DEFAULT_RETRY_POLICY,
	backoffMs,
	headerOf,
	isRetryable,
	mayHaveBeenApplied,
	retryAfterOf,
	type RetryPolicy,
} from './retry';
import type { Provider, ProviderRequest, ProviderResponse, RateLimit, RequestContext } from './types';

/**
 * What the user was doing when a request failed, so that every error names the provider,
 * the action and the invoice (or customer) it was about.
 */
export interface RequestSubject {
	itemIndex: number;
	/** e.g. `void invoice`, `delete all invoices of customer` */
	action: string;
	/**
	 * The id the action was about, as the user gave it; absent for an action about no one id
	 * (a trigger's `register the webhook endpoint`).
	 */
	target?: string;
	/** Retry bounds and timeout; `DEFAULT_RETRY_POLICY` when absent. */
	policy?: RetryPolicy;
	/** What the target is, as advice names it (`invoice`, `invoice schedule`); absent: invoice. */
	noun?: string;
}

/** `void invoice "inv_1"`, or the action alone when it is about no one id: how messages name it. */
function aboutSubject(subject: RequestSubject): string {
	return subject.target === undefined ? subject.action : `${subject.action} "${subject.target}"`;
}

export interface ApiErrorDetail {
	message: string;
	description?: string;
	httpStatus: number | null;
	code?: string | number;
}

/** A provider's refusal (or an unreachable provider), with the fields an error item reports. */
export class InvoiceOpsApiError extends NodeApiError {
	readonly httpStatus: number | null;

	readonly providerCode: string | number | null;

	/**
	 * Set when an earlier attempt of the same request may have been applied although its answer
	 * was lost (what that attempt ended with, e.g. `ECONNRESET`, `HTTP 504`): a "not found" or "not
	 * allowed" now may be that attempt's own effect.
	 */
	afterUnclearAttempt?: string;

	constructor(context: RequestContext, detail: ApiErrorDetail, itemIndex: number) {
		// Only these sanitized fields reach n8n: never the request, so never its Authorization header.
		const errorResponse: JsonObject = { httpStatus: detail.httpStatus, providerCode: detail.code ?? null };
		super(context.getNode(), errorResponse, {
			message: detail.message,
			description: detail.description,
			httpCode: detail.httpStatus === null ? undefined : String(detail.httpStatus),
			itemIndex,
		});
		// NodeApiError swaps a message that mentions a network code (ECONNREFUSED...) for a generic
		// one; ours already names provider, action and invoice, so it stays.
		this.message = detail.message;
		this.httpStatus = detail.httpStatus;
		this.providerCode = detail.code ?? null;
	}
}

/** Whether `error` is the provider saying it does not know the id (HTTP 404). */
export function isNotFound(error: unknown): boolean {
	return error instanceof InvoiceOpsApiError && error.httpStatus === 404;
}

/** Percent-encodes one path segment so that no id can leave its own path. */
export function encodePathSegment(segment: string): string {
	// `.` and `..` are path navigation even when percent-encoded (WHATWG URL treats %2e as a dot).
	if (segment === '' || /^(\.|%2e){1,2}$/i.test(segment)) {
		throw new Error(`"${segment}" cannot be used as a path segment`);
	}
	return encodeURIComponent(segment);
}

export function encodeQuery(query: IDataObject | undefined): string {
	if (!query) return '';
	const pairs = Object.entries(query)
		.filter(([, value]) => value !== undefined && value !== null && value !== '')
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	return pairs.length ? `?${pairs.join('&')}` : '';
}

/** `application/x-www-form-urlencoded`, the body encoding Chargebee requires. */
export function encodeForm(body: IDataObject): string {
	return Object.entries(body)
		.filter(([, value]) => value !== undefined && value !== null)
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
		.join('&');
}

export function buildUrl(provider: Provider, baseUrl: string, request: ProviderRequest): string {
	const segments = [...provider.pathPrefix, ...request.path].map(encodePathSegment);
	return `${baseUrl}/${segments.join('/')}${request.trailingSlash ? '/' : ''}${encodeQuery(request.query)}`;
}

function buildRequestOptions(
	provider: Provider,
	url: string,
	request: ProviderRequest,
	timeoutMs: number,
	abortSignal: AbortSignal | undefined,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		headers: { Accept: 'application/json', ...provider.headers, ...request.headers },
		timeout: timeoutMs,
		returnFullResponse: true,
		// A redirect could take the credential to another host (n8n's client re-sends it) and turn
		// a POST into a GET: never follow one; `send` refuses the 3xx.
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: provider.refreshCredentialOn
			? { ignore: true, except: provider.refreshCredentialOn }
			: true,
		...(abortSignal ? { abortSignal } : {}),
	};
	// A body the request gives is sent, even an empty one (Chargebee's POSTs want an empty form).
	if (request.body !== undefined) {
		if (provider.bodyEncoding === 'form') {
			options.body = encodeForm(request.body);
			options.headers!['Content-Type'] = 'application/x-www-form-urlencoded';
		} else {
			options.body = request.body;
			options.json = true;
		}
	}
	return options;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** A body that is not JSON: kept as text so that it can be quoted (redacted) or refused. */
class TextBody {
	constructor(readonly text: string) {}
}

function parseBody(body: unknown): unknown {
	if (body === undefined || body === null || body === '') return null;
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	if (typeof body === 'string') {
		if (body.trim() === '') return null;
		try {
			return JSON.parse(body);
		} catch {
			return new TextBody(body);
		}
	}
	return body;
}

/** Digs the HTTP response (if any) out of what n8n's request helper threw. */
function responseOfThrown(error: unknown): FullResponse | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const candidate = current as { response?: { status?: number; headers?: object; data?: unknown }; cause?: unknown };
		if (candidate.response?.status) {
			return {
				statusCode: candidate.response.status,
				headers: (candidate.response.headers ?? {}) as Record<string, unknown>,
				body: candidate.response.data,
			};
		}
		current = candidate.cause;
	}
	return undefined;
}

/** The message of the deepest error in a `cause` chain: what failed before n8n wrapped it. */
function innermostMessage(error: unknown): string | undefined {
	let message: string | undefined;
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
		if (current.message) message = current.message;
		current = current.cause;
	}
	return message;
}

/** Node's classic codes (`ECONNRESET`) and those of its fetch stack, undici (`UND_ERR_SOCKET`). */
const NETWORK_CODE = /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/;

export function networkCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** What the transport tells the item runner after each HTTP attempt. */
export interface AttemptRecord {
	/** Whether the provider may have carried out this attempt's request although no success came back. */
	mayHaveBeenApplied: boolean;
}

/** One attempt's raw result: an answer, or the network failure that stood for one. */
type AttemptResult = { response: FullResponse } | { networkError: unknown; networkCode?: string };

/** A credential as resolved once per execution, handed back to n8n with every request. */
interface ResolvedCredential {
	type: string;
	decrypted: ICredentialsDecrypted;
	/** Scheme + host from the same data that authenticates: one item's host never gets another's key. */
	baseUrl: string;
	/** The account's rate budget, shared with the process's other executions unless sharing is off. */
	budget: Budget;
}

/** The host a redirect points at (never the whole URL: it may carry tokens). */
function redirectHostOf(headers: Record<string, unknown>, from: string): string {
	const location = headerOf(headers, 'location');
	if (!location) return 'an unnamed location';
	try {
		return new URL(location, from).host || 'an unnamed location';
	} catch {
		return 'an unreadable location';
	}
}

/**
 * The one request path of the package. Per execution it resolves each credential type once and
 * hands it back to n8n with every request (`httpRequestWithAuthentication` with
 * `{ credentialsDecrypted }`, n8n's own option for this), so that n8n's CredentialsHelper applies
 * the credential's `authenticate`, `preAuthentication` (Fatora's token, minted again on a 401) and
 * OAuth2 refresh, while the credential is read and decrypted once instead of per request. It paces
 * requests with the account's budget (budget.ts: shared by the process's executions), retries
 * what may be retried (see `send`), never follows a redirect, and keeps credential values out of
 * every message and answer it hands on.
 */
export class Transport {
	private readonly credentials = new Map<string, Promise<ResolvedCredential>>();

	private readonly rateLimit: RateLimit | undefined;

	private readonly shareBudget: boolean;

	private readonly signal: AbortSignal | undefined;

	private readonly clock: Clock;

	/** Every form of the secrets of the credential in use, tokens n8n minted since included. */
	private secrets: string[] = [];

	constructor(
		private readonly context: RequestContext,
		readonly provider: Provider,
		settings: { rateLimit?: RateLimit; clock?: Clock; shareBudget?: boolean } = {},
	) {
		// Only a node's run can be cancelled; hooks, deliveries and list methods end with their request.
		this.signal = (context as Partial<IExecuteFunctions>).getExecutionCancelSignal?.();
		this.clock = settings.clock ?? systemClock;
		this.rateLimit = settings.rateLimit;
		this.shareBudget = settings.shareBudget ?? true;
	}

	/**
	 * The credential of the item's type, read once per execution. n8n evaluates a credential's
	 * expressions for the item that first reads it (as its own authenticated helper does), so
	 * every item of the execution uses that item's credential: base URL and key alike.
	 */
	private async resolved(itemIndex: number): Promise<ResolvedCredential> {
		const type = this.provider.credentialType(this.context, itemIndex);
		let pending = this.credentials.get(type);
		if (!pending) {
			pending = this.resolve(type, itemIndex);
			this.credentials.set(type, pending);
		}
		return await pending;
	}

	private async resolve(type: string, itemIndex: number): Promise<ResolvedCredential> {
		const data = await this.context.getCredentials(type, itemIndex);
		const reference = this.context.getNode().credentials?.[type];
		let baseUrl: string;
		try {
			baseUrl = this.provider.baseUrl(data);
		} catch (error) {
			throw new NodeOperationError(this.context.getNode(), (error as Error).message, { itemIndex });
		}
		const id = reference?.id ?? '';
		const budget = budgetFor(
			{ provider: this.provider.name, credentialId: id, baseUrl },
			{ ceiling: this.rateLimit, maxInFlight: this.provider.maxInFlight, clock: this.clock },
			this.shareBudget,
		);
		return { type, baseUrl, budget, decrypted: { id, name: reference?.name ?? type, type, data } };
	}

	/** The credential's data for this item (read once per execution): for defaults kept there. */
	async credentialsFor(itemIndex: number): Promise<ICredentialDataDecryptedObject> {
		return (await this.resolved(itemIndex)).decrypted.data ?? {};
	}

	/** Provider text fit for a message: credential values and secret-shaped values removed, capped. */
	redact(text: string): string {
		return redactText(text, this.secrets);
	}

	/**
	 * Sends one request and returns the provider's answer; any refusal, redirect, answer that is
	 * not the API's, or network failure becomes an `InvoiceOpsApiError` naming provider, action,
	 * target and the provider's reason.
	 *
	 * Retries 429, 502, 503, 504, resets and timeouts with backoff (or the wait the provider asks
	 * for), within `subject.policy`; never any other 4xx, and never when the provider says its
	 * quota is gone for the day. The same request (same idempotency header) is sent on every
	 * attempt. `onAttempt` is called once per HTTP attempt. An error that follows an attempt which
	 * may have been applied says so (`afterUnclearAttempt`): tracked per request, not per item.
	 */
	async send(
		request: ProviderRequest,
		subject: RequestSubject,
		onAttempt: (attempt: AttemptRecord) => void,
	): Promise<ProviderResponse> {
		const { itemIndex } = subject;
		const policy = subject.policy ?? DEFAULT_RETRY_POLICY;
		const credential = await this.resolved(itemIndex);
		this.secrets = secretsOf(credential.decrypted.data);
		let url: string;
		try {
			url = buildUrl(this.provider, credential.baseUrl, request);
		} catch (error) {
			throw new NodeOperationError(this.context.getNode(), (error as Error).message, { itemIndex });
		}

		let waitedMs = 0;
		let unclearBefore: string | undefined;
		for (let attempt = 1; ; attempt++) {
			const { budget } = credential;
			// Another request's 429 may hold the account back for longer than this request may still
			// wait: waiting it out would only end in the same error later.
			const ticket = await budget.take(this.signal, policy.maxRetryWaitMs - waitedMs, policy.maxTurnWaitMs);
			if (!('sentAt' in ticket)) throw this.heldBack(subject, ticket, waitedMs + ticket.waitedMs, policy, unclearBefore);
			const options = buildRequestOptions(this.provider, url, request, policy.timeoutMs, this.signal);
			const result = await this.attempt(credential, options).finally(() => budget.release(ticket));
			// n8n may have minted or refreshed a token meanwhile: redact that one too.
			this.secrets = secretsOf(credential.decrypted.data);
			const outcome = 'response' in result
				? { statusCode: result.response.statusCode }
				: { statusCode: null, networkCode: result.networkCode };
			const headers = 'response' in result ? (result.response.headers ?? {}) : {};
			const providerWaitMs = this.provider.retryAfter ? this.provider.retryAfter(headers) : retryAfterOf(headers);
			budget.learn(ticket, { statusCode: outcome.statusCode, retryAfterMs: providerWaitMs, quota: this.provider.remainingQuota?.(headers) });
			const unclear = mayHaveBeenApplied(outcome);
			onAttempt({ mayHaveBeenApplied: unclear });

			const { error, answer } = this.judge(result, url, subject);
			if (answer) return answer;
			if (unclearBefore !== undefined) error.afterUnclearAttempt = unclearBefore;
			if (unclear) {
				error.description = [
					`This attempt may have reached ${this.provider.displayName} and been applied although no answer came back: check the ${subject.noun ?? 'invoice'} before running again.`,
					error.description,
				].filter(Boolean).join(' ');
			}
			if (!isRetryable(outcome)) throw error;

			const quotaMessage = this.provider.quotaExhausted?.(headers);
			if (quotaMessage) throw this.quotaExhausted(quotaMessage, subject, outcome.statusCode, error.afterUnclearAttempt);

			const waitMs = backoffMs(attempt, policy, providerWaitMs);
			if (attempt >= policy.maxAttempts || waitedMs + waitMs > policy.maxRetryWaitMs) {
				throw this.gaveUp(error, attempt, waitedMs, policy, waitMs);
			}
			if (unclear) unclearBefore ??= outcome.statusCode === null ? (outcome.networkCode ?? 'no answer') : `HTTP ${outcome.statusCode}`;
			// A rate-limit answer is about the account, not this request: hold every request of its budget back.
			if (outcome.statusCode === 429) budget.holdUntil(this.clock.now() + (providerWaitMs ?? waitMs));
			await this.clock.sleep(waitMs, this.signal);
			waitedMs += waitMs;
		}
	}

	/** An attempt's result as the provider's own 2xx answer (redacted), or the error it stands for. */
	private judge(
		result: AttemptResult,
		url: string,
		subject: RequestSubject,
	): { answer: ProviderResponse; error?: undefined } | { answer?: undefined; error: InvoiceOpsApiError } {
		if (!('response' in result)) return { error: this.unreachable(result.networkError, subject) };
		const { statusCode, headers, body } = result.response;
		if (statusCode >= 300 && statusCode < 400) return { error: this.redirected(statusCode, headers, url, subject) };
		const parsed = parseBody(body);
		if (statusCode >= 400 || statusCode < 200) return { error: this.refusal(statusCode, parsed, subject) };
		if (parsed instanceof TextBody) {
			const quoted = this.redact(parsed.text).slice(0, 80);
			return { error: this.unclearAnswer(subject, `HTTP ${statusCode} with a body that is not JSON ("${quoted}")`, statusCode) };
		}
		return { answer: { statusCode, headers: headers ?? {}, body: redactValue(parsed, this.secrets) } };
	}

	private async attempt(credential: ResolvedCredential, options: IHttpRequestOptions): Promise<AttemptResult> {
		try {
			const helpers = this.context.helpers as RequestHelperFunctions;
			const response = await helpers.httpRequestWithAuthentication.call(this.context, credential.type, options, {
				credentialsDecrypted: credential.decrypted,
			});
			return { response: response as FullResponse };
		} catch (error) {
			const thrownResponse = responseOfThrown(error);
			if (thrownResponse) return { response: thrownResponse };
			return { networkError: error, networkCode: networkCodeOf(error) };
		}
	}

	private error(subject: RequestSubject, detail: ApiErrorDetail): InvoiceOpsApiError {
		return new InvoiceOpsApiError(this.context, detail, subject.itemIndex);
	}

	private refusal(statusCode: number, body: unknown, subject: RequestSubject): InvoiceOpsApiError {
		const readable = body instanceof TextBody ? body.text : body;
		const { reason, code } = this.provider.readError(readable, statusCode);
		const codeText = code !== undefined && code !== null && code !== '' ? `${code}, ` : '';
		return this.error(subject, {
			message: `${this.provider.displayName} could not ${aboutSubject(subject)}: ${this.redact(reason)} (${this.redact(codeText)}HTTP ${statusCode})`,
			description: hintFor(statusCode, this.provider.displayName),
			httpStatus: statusCode,
			code: typeof code === 'string' ? this.redact(code) : code,
		});
	}

	private redirected(statusCode: number, headers: Record<string, unknown>, url: string, subject: RequestSubject): InvoiceOpsApiError {
		const host = redirectHostOf(headers, url);
		return this.error(subject, {
			message: `${this.provider.displayName} did not ${aboutSubject(subject)}: it answered with a redirect (HTTP ${statusCode}) to ${host}, which the node does not follow`,
			description: `A redirect could carry the ${this.provider.displayName} credential to another host, so the node never follows one and counts it as a refusal. Check the Base URL of the credential: the scheme and host of the API itself.`,
			httpStatus: statusCode,
			code: 'redirect_refused',
		});
	}

	/** A 2xx that is not the provider's answer about the request (a proxy's page, another invoice). */
	unclearAnswer(subject: RequestSubject, what: string, statusCode: number | null): InvoiceOpsApiError {
		return this.error(subject, {
			message: `${this.provider.displayName}'s answer to ${aboutSubject(subject)} could not be understood: ${what}`,
			description: `The node reports a change only when ${this.provider.displayName} answers about this ${subject.noun ?? 'invoice'}. The change may or may not have been made: check the ${subject.noun ?? 'invoice'} (Get) before running again.`,
			httpStatus: statusCode,
			code: 'unexpected_answer',
		});
	}

	private unreachable(error: unknown, subject: RequestSubject): InvoiceOpsApiError {
		const code = networkCodeOf(error);
		const preparationFailure = code ? undefined : innermostMessage(error);
		if (preparationFailure) {
			// No network error and no answer: the request failed while n8n prepared it, typically in
			// the credential's preAuthentication (Fatora refusing the API key it mints tokens from).
			return this.error(subject, {
				message: `${this.provider.displayName} could not ${aboutSubject(subject)}: ${this.redact(preparationFailure)}`,
				description: `The request failed before it reached ${this.provider.displayName}, while n8n prepared it with the credential: check the ${this.provider.displayName} credential.`,
				httpStatus: null,
			});
		}
		const reason = code ?? 'the request failed before any answer arrived';
		return this.error(subject, {
			message: `${this.provider.displayName} could not be reached to ${aboutSubject(subject)}: ${reason}`,
			description: 'Check the Base URL of the credential and the network (proxy, firewall) between n8n and the provider.',
			httpStatus: null,
			code,
		});
	}

	private quotaExhausted(
		message: string,
		subject: RequestSubject,
		statusCode: number | null,
		afterUnclearAttempt: string | undefined,
	): InvoiceOpsApiError {
		const error = this.error(subject, {
			message: `${this.provider.displayName} could not ${aboutSubject(subject)}: ${message}`,
			description: 'Retrying today cannot succeed, so the node did not retry. Run the workflow again once the quota resets.',
			httpStatus: statusCode,
			code: 'daily_quota_exhausted',
		});
		error.afterUnclearAttempt = afterUnclearAttempt;
		return error;
	}

	/** A request not sent because the account's rate-limit hold outlasts what it may still wait. */
	private heldBack(
		subject: RequestSubject,
		refusal: RateLimitHold,
		waitedMs: number,
		policy: RetryPolicy,
		afterUnclearAttempt: string | undefined,
	): InvoiceOpsApiError {
		const name = this.provider.displayName;
		const detail: ApiErrorDetail = refusal.turnMs !== undefined
			? {
					message: `${name} could not ${aboutSubject(subject)}: this credential's requests are paced to ${name}'s rate limit and this one's turn would come in ${(refusal.turnMs / 1000).toFixed(1)} s, later than it may wait (${(policy.maxTurnWaitMs ?? 0) / 1000} s)`,
					description: 'The request was not sent, so that the answer is not late. Other executions with this credential are using the rate limit right now.',
					httpStatus: null,
					code: 'rate_budget_busy',
				}
			: {
					message: `${name} could not ${aboutSubject(subject)}: ${name} asked this account to wait ${Math.ceil(refusal.heldMs / 1000)} s more (rate limit, HTTP 429 to another request with this credential), longer than the Max Retry Wait option allows (${policy.maxRetryWaitMs / 1000} s${waitedMs > 0 ? `, ${(waitedMs / 1000).toFixed(1)} s of it already waited` : ''})`,
					description: 'The request was not sent. Run it again later, or raise Max Retry Wait to let the node wait out the provider\'s rate limit.',
					httpStatus: null,
					code: 'rate_limit_hold',
				};
		const error = this.error(subject, detail);
		error.afterUnclearAttempt = afterUnclearAttempt;
		return error;
	}

	/** The last error, with how long the node kept trying and which option would let it try longer. */
	private gaveUp(
		error: InvoiceOpsApiError,
		attempts: number,
		waitedMs: number,
		policy: RetryPolicy,
		nextWaitMs: number,
	): InvoiceOpsApiError {
		if (attempts === 1 && policy.maxAttempts === 1) return error;
		const bound = attempts >= policy.maxAttempts
			? `the Max Attempts option (${policy.maxAttempts})`
			: `the Max Retry Wait option (${policy.maxRetryWaitMs / 1000} s; the next wait would have been ${Math.ceil(nextWaitMs / 1000)} s)`;
		const retried = `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} and ${(waitedMs / 1000).toFixed(1)} s of waiting, at ${bound}.`;
		error.description = [retried, error.description].filter(Boolean).join(' ');
		return error;
	}
}

function hintFor(statusCode: number, displayName: string): string | undefined {
	if (statusCode === 401) return `${displayName} did not accept the credential: check the API key or token.`;
	if (statusCode === 403) return `The ${displayName} credential lacks the permission (scope) this operation needs.`;
	if (statusCode === 404) return `${displayName} does not know this id: check the id and the account (site, location, data source) the credential points at.`;
	if (statusCode === 429) return `${displayName} is rate limiting this account: retry later or lower the node's concurrency.`;
	return undefined;
}
