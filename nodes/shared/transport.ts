import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import type { Provider, ProviderRequest, ProviderResponse } from './types';

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
		const errorResponse: JsonObject = { httpStatus: detail.httpStatus, code: detail.code ?? null };
		super(context.getNode(), errorResponse, {
			message: detail.message,
			description: detail.description,
			httpCode: detail.httpStatus === null ? undefined : String(detail.httpStatus),
			itemIndex,
		});
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
	return `${baseUrl}/${segments.join('/')}${encodeQuery(request.query)}`;
}

function buildRequestOptions(provider: Provider, url: string, request: ProviderRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		headers: { Accept: 'application/json', ...provider.headers, ...request.headers },
		returnFullResponse: true,
		ignoreHttpStatusErrors: provider.refreshCredentialOn
			? { ignore: true, except: provider.refreshCredentialOn }
			: true,
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

function networkCodeOfThrown(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * The one request path of the package. Per execution it resolves each credential once (for the
 * base URL) and sends every request through n8n's authenticated helper, so the credential's
 * `authenticate` / `preAuthentication`, proxies and TLS settings all apply.
 */
export class Transport {
	private readonly credentials = new Map<string, Promise<ICredentialDataDecryptedObject>>();

	constructor(
		private readonly context: IExecuteFunctions,
		readonly provider: Provider,
	) {}

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

	/**
	 * Sends one request and returns the provider's answer; any HTTP error or network failure
	 * becomes an `InvoiceOpsApiError` naming provider, action, target and the provider's reason.
	 * `onAttempt` is called once per HTTP attempt.
	 */
	async send(request: ProviderRequest, subject: RequestSubject, onAttempt: () => void): Promise<ProviderResponse> {
		const { itemIndex } = subject;
		const credentials = await this.credentialsFor(itemIndex);
		let url: string;
		try {
			url = buildUrl(this.provider, this.provider.baseUrl(credentials), request);
		} catch (error) {
			throw new NodeOperationError(this.context.getNode(), (error as Error).message, { itemIndex });
		}
		const options = buildRequestOptions(this.provider, url, request);
		const credentialType = this.provider.credentialType(this.context, itemIndex);

		let response: FullResponse;
		onAttempt();
		try {
			response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				credentialType,
				options,
			)) as FullResponse;
		} catch (error) {
			const thrownResponse = responseOfThrown(error);
			if (!thrownResponse) throw this.unreachable(error, subject);
			response = thrownResponse;
		}

		const body = parseBody(response.body);
		if (response.statusCode >= 400) {
			throw this.refusal(response.statusCode, body, subject);
		}
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body };
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
}

function hintFor(statusCode: number, displayName: string): string | undefined {
	if (statusCode === 401) return `${displayName} did not accept the credential: check the API key or token.`;
	if (statusCode === 403) return `The ${displayName} credential lacks the permission (scope) this operation needs.`;
	if (statusCode === 404) return `${displayName} does not know this id: check the id and the account (site, location, data source) the credential points at.`;
	if (statusCode === 429) return `${displayName} is rate limiting this account: retry later or lower the node's concurrency.`;
	return undefined;
}
