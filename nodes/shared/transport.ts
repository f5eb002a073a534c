import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { applyAuthentication, resolveAuthentication, staticAuthenticateOf, type ResolvedAuthentication } from './auth';
import { Pacer } from './pacing';
import {
	DEFAULT_RETRY_POLICY,
	backoffMs,
	isRetryable,
	mayHaveBeenApplied,
	pause,
	retryAfterOf,
	type RetryPolicy,
} from './retry';
import type { Provider, ProviderRequest, ProviderResponse, RateLimit } from './types';

/**
 * What the user was doing when a request failed, so that every error names the provider,
 * the action and the invoice (or customer) it was about.
 */
export interface RequestSubject {
	itemIndex: number;
	/** e.g. `void invoice`, `delete all invoices of customer` */
	action: string;
	/** The id the action was about, as the user gave it. */
	target: string;
	/** Retry bounds and timeout; `DEFAULT_RETRY_POLICY` when absent. */
	policy?: RetryPolicy;
}

/** A provider's refusal (or an unreachable provider), with the fields an error item reports. */
export class InvoiceOpsApiError extends NodeApiError {
	readonly httpStatus: number | null;

	readonly providerCode: string | number | null;

	constructor(
		context: IExecuteFunctions,
		detail: { message: string; description?: string; httpStatus: number | null; code?: string | number },
		itemIndex: number,
	) {
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

/**
 * Checks a credential's base URL: scheme, host and optional port only. Anything else
 * (a path, a query) would silently change where requests go.
 */
export function normalizeBaseUrl(raw: string, providerName: string): string {
	if (!URL.canParse(raw.trim())) {
		throw new Error(`The ${providerName} credential's Base URL "${raw}" is not a valid URL`);
	}
	const url = new URL(raw.trim());
	if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
		throw new Error(
			`The ${providerName} credential's Base URL must be a scheme and host only, like https://api.example.com (got "${raw}")`,
		);
	}
	return url.origin;
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
		ignoreHttpStatusErrors: provider.refreshCredentialOn
			? { ignore: true, except: provider.refreshCredentialOn }
			: true,
		...(abortSignal ? { abortSignal } : {}),
	};
	if (request.body && Object.keys(request.body).length > 0) {
		if (provider.bodyEncoding === 'form') {
			options.body = encodeForm(request.body);
			options.headers!['Content-Type'] = 'application/x-www-form-urlencoded';
		} else {
			options.body = request.body;
			options.json = true;
		}
	} else if (request.method !== 'GET' && request.method !== 'DELETE' && provider.bodyEncoding === 'form') {
		// Chargebee's POST endpoints expect a form body even when every field is optional.
		options.body = '';
		options.headers!['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	return options;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function parseBody(body: unknown): unknown {
	if (body === undefined || body === null || body === '') return null;
	if (typeof body === 'string') {
		try {
			return JSON.parse(body);
		} catch {
			return body;
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

function networkCodeOfThrown(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
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

/**
 * The one request path of the package. Per execution it resolves each credential once (for the
 * base URL and, for static keys, the authentication), paces requests, and retries what may be
 * retried (see `send`).
 *
 * Authentication: a credential type listed in `provider.staticKeyCredentials` whose generic
 * `authenticate` block needs nothing but its stored data (an API key, a private token) is
 * applied here, from the once-resolved credential, with the credential class's own block, and
 * the request goes out through `helpers.httpRequest`. Everything else (OAuth2, Fatora's
 * `preAuthentication` token) goes through `helpers.httpRequestWithAuthentication`, which lets
 * n8n refresh tokens. Both end in n8n's same outbound HTTP client (proxies, TLS, SSRF rules).
 * Why: n8n resolves and decrypts the credential again on every authenticated call, which
 * dominated the node's CPU in the benchmark (README, "Performance").
 */
export class Transport {
	private readonly credentials = new Map<string, Promise<ICredentialDataDecryptedObject>>();

	private readonly staticAuthentication = new Map<string, Promise<ResolvedAuthentication | undefined>>();

	private readonly pacer: Pacer;

	private readonly signal: AbortSignal | undefined;

	constructor(
		private readonly context: IExecuteFunctions,
		readonly provider: Provider,
		settings: { rateLimit?: RateLimit } = {},
	) {
		this.signal = context.getExecutionCancelSignal?.();
		this.pacer = new Pacer(settings.rateLimit, this.signal);
	}

	/** The credential's data for this item (cached per execution). */
	async credentialsFor(itemIndex: number): Promise<ICredentialDataDecryptedObject> {
		const type = this.provider.credentialType(this.context, itemIndex);
		let pending = this.credentials.get(type);
		if (!pending) {
			pending = this.context.getCredentials(type, itemIndex);
			this.credentials.set(type, pending);
		}
		return await pending;
	}

	/** The resolved static authentication of the item's credential type, or undefined when n8n must authenticate. */
	private async staticAuthenticationFor(credentialType: string, itemIndex: number): Promise<ResolvedAuthentication | undefined> {
		let pending = this.staticAuthentication.get(credentialType);
		if (!pending) {
			const type = this.provider.staticKeyCredentials?.find((candidate) => candidate.name === credentialType);
			const authenticate = type ? staticAuthenticateOf(type) : undefined;
			pending = authenticate
				? this.credentialsFor(itemIndex).then((credentials) => resolveAuthentication(authenticate, credentials))
				: Promise.resolve(undefined);
			this.staticAuthentication.set(credentialType, pending);
		}
		return await pending;
	}

	/**
	 * Sends one request and returns the provider's answer; any HTTP error or network failure
	 * becomes an `InvoiceOpsApiError` naming provider, action, target and the provider's reason.
	 *
	 * Retries 429, 502, 503, 504, resets and timeouts with backoff (or the wait the provider asks
	 * for), within `subject.policy`; never any other 4xx, and never when the provider says its
	 * quota is gone for the day. The same request (same idempotency header) is sent on every
	 * attempt. `onAttempt` is called once per HTTP attempt.
	 */
	async send(
		request: ProviderRequest,
		subject: RequestSubject,
		onAttempt: (attempt: AttemptRecord) => void,
	): Promise<ProviderResponse> {
		const { itemIndex } = subject;
		const policy = subject.policy ?? DEFAULT_RETRY_POLICY;
		const credentials = await this.credentialsFor(itemIndex);
		let url: string;
		try {
			url = buildUrl(this.provider, this.provider.baseUrl(credentials), request);
		} catch (error) {
			throw new NodeOperationError(this.context.getNode(), (error as Error).message, { itemIndex });
		}
		const credentialType = this.provider.credentialType(this.context, itemIndex);
		const authentication = await this.staticAuthenticationFor(credentialType, itemIndex);

		let waitedMs = 0;
		for (let attempt = 1; ; attempt++) {
			await this.pacer.take();
			const options = buildRequestOptions(this.provider, url, request, policy.timeoutMs, this.signal);
			const result = await this.attempt(credentialType, options, authentication);
			const outcome = 'response' in result
				? { statusCode: result.response.statusCode }
				: { statusCode: null, networkCode: result.networkCode };
			onAttempt({ mayHaveBeenApplied: mayHaveBeenApplied(outcome) });

			if ('response' in result && result.response.statusCode < 400) {
				const { response } = result;
				return { statusCode: response.statusCode, headers: response.headers ?? {}, body: parseBody(response.body) };
			}
			const error = 'response' in result
				? this.refusal(result.response.statusCode, parseBody(result.response.body), subject)
				: this.unreachable(result.networkError, subject);
			if (!isRetryable(outcome)) throw error;

			const headers = 'response' in result ? (result.response.headers ?? {}) : {};
			const quotaMessage = this.provider.quotaExhausted?.(headers);
			if (quotaMessage) throw this.quotaExhausted(quotaMessage, subject, outcome.statusCode);

			const providerWaitMs = this.provider.retryAfter ? this.provider.retryAfter(headers) : retryAfterOf(headers);
			const waitMs = backoffMs(attempt, policy, providerWaitMs);
			if (attempt >= policy.maxAttempts || waitedMs + waitMs > policy.maxRetryWaitMs) {
				throw this.gaveUp(error, attempt, waitedMs, policy, waitMs);
			}
			// A rate-limit answer is about the account, not this request: hold every item back.
			if (outcome.statusCode === 429) this.pacer.holdUntil(Date.now() + (providerWaitMs ?? waitMs));
			await pause(waitMs, this.signal);
			waitedMs += waitMs;
		}
	}

	private async attempt(
		credentialType: string,
		options: IHttpRequestOptions,
		authentication: ResolvedAuthentication | undefined,
	): Promise<AttemptResult> {
		try {
			const response = authentication
				? await this.context.helpers.httpRequest(applyAuthentication(options, authentication))
				: await this.context.helpers.httpRequestWithAuthentication.call(this.context, credentialType, options);
			return { response: response as FullResponse };
		} catch (error) {
			const thrownResponse = responseOfThrown(error);
			if (thrownResponse) return { response: thrownResponse };
			return { networkError: error, networkCode: networkCodeOfThrown(error) };
		}
	}

	private refusal(statusCode: number, body: unknown, subject: RequestSubject): InvoiceOpsApiError {
		const { reason, code } = this.provider.readError(body, statusCode);
		const codeText = code !== undefined && code !== null && code !== '' ? `${code}, ` : '';
		return new InvoiceOpsApiError(
			this.context,
			{
				message: `${this.provider.displayName} could not ${subject.action} "${subject.target}": ${reason} (${codeText}HTTP ${statusCode})`,
				description: hintFor(statusCode, this.provider.displayName),
				httpStatus: statusCode,
				code,
			},
			subject.itemIndex,
		);
	}

	private unreachable(error: unknown, subject: RequestSubject): InvoiceOpsApiError {
		const code = networkCodeOfThrown(error);
		const preparationFailure = code ? undefined : innermostMessage(error);
		if (preparationFailure) {
			// No network error and no answer: the request failed while n8n prepared it, typically in
			// the credential's preAuthentication (Fatora refusing the API key it mints tokens from).
			return new InvoiceOpsApiError(
				this.context,
				{
					message: `${this.provider.displayName} could not ${subject.action} "${subject.target}": ${preparationFailure}`,
					description: `The request failed before it reached ${this.provider.displayName}, while n8n prepared it with the credential: check the ${this.provider.displayName} credential.`,
					httpStatus: null,
				},
				subject.itemIndex,
			);
		}
		const reason = code ?? 'the request failed before any answer arrived';
		return new InvoiceOpsApiError(
			this.context,
			{
				message: `${this.provider.displayName} could not be reached to ${subject.action} "${subject.target}": ${reason}`,
				description: 'Check the Base URL of the credential and the network (proxy, firewall) between n8n and the provider.',
				httpStatus: null,
				code,
			},
			subject.itemIndex,
		);
	}

	private quotaExhausted(message: string, subject: RequestSubject, statusCode: number | null): InvoiceOpsApiError {
		return new InvoiceOpsApiError(
			this.context,
			{
				message: `${this.provider.displayName} could not ${subject.action} "${subject.target}": ${message}`,
				description: 'Retrying today cannot succeed, so the node did not retry. Run the workflow again once the quota resets.',
				httpStatus: statusCode,
				code: 'daily_quota_exhausted',
			},
			subject.itemIndex,
		);
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
