import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { HIGHLEVEL_API_VERSION } from '../../credentials/InvoiceOpsHighLevelApi.credentials';
import { headerOf, millisecondsHeader, retryAfterOf } from '../shared/retry';
import { normalizeBaseUrl } from '../shared/transport';
import { nodeParameter } from '../shared/parameters';
import type { Provider, RequestContext } from '../shared/types';

export { HIGHLEVEL_API_VERSION };

export const HIGHLEVEL_DEFAULT_BASE_URL = 'https://services.leadconnectorhq.com';

export const TOKEN_CREDENTIAL = 'invoiceOpsHighLevelApi';

/** The OAuth2 credential of a HighLevel Marketplace app. */
export const MARKETPLACE_APP_CREDENTIAL = 'invoiceOpsHighLevelOAuth2Api';

/** The credential type the node's `authentication` parameter selects. */
export function highLevelCredentialType(context: RequestContext, itemIndex: number): string {
	const authentication = nodeParameter<string>(context, 'authentication', itemIndex, 'privateIntegrationToken');
	return authentication === 'oAuth2' ? MARKETPLACE_APP_CREDENTIAL : TOKEN_CREDENTIAL;
}

export function highLevelBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = String(credentials.baseUrl ?? '').trim();
	return normalizeBaseUrl(baseUrl || HIGHLEVEL_DEFAULT_BASE_URL, 'HighLevel');
}

interface HighLevelErrorBody {
	statusCode?: number;
	/** A string, or on 422 the list of validation messages. */
	message?: string | unknown[];
	error?: string;
}

function messageOf(error: HighLevelErrorBody): string | undefined {
	const { message } = error;
	if (Array.isArray(message)) return message.length ? message.map(String).join('; ') : undefined;
	return typeof message === 'string' && message ? message : undefined;
}

export const highLevel: Provider = {
	name: 'highLevel',
	displayName: 'HighLevel',
	credentialType: highLevelCredentialType,
	baseUrl: highLevelBaseUrl,
	pathPrefix: [],
	bodyEncoding: 'json',
	defaultConcurrency: 4,
	headers: { Version: HIGHLEVEL_API_VERSION },
	// HighLevel's burst limit: 100 requests per 10 seconds per app and location.
	rateLimit: { requests: 100, perMilliseconds: 10_000 },
	// A 429 names the burst window to wait out in X-RateLimit-Interval-Milliseconds.
	retryAfter: (headers) => retryAfterOf(headers) ?? millisecondsHeader(headers, 'x-ratelimit-interval-milliseconds'),
	remainingQuota(headers) {
		const remaining = /^\d+$/.exec(headerOf(headers, 'x-ratelimit-remaining')?.trim() ?? '');
		const intervalMs = millisecondsHeader(headers, 'x-ratelimit-interval-milliseconds');
		return remaining && intervalMs ? { remaining: Number(remaining[0]), intervalMs } : undefined;
	},
	quotaExhausted(headers) {
		if (headerOf(headers, 'x-ratelimit-daily-remaining') !== '0') return undefined;
		const daily = headerOf(headers, 'x-ratelimit-limit-daily');
		return `HighLevel's daily limit${daily ? ` of ${daily} requests` : ''} for this app and location is used up`;
	},
	// An expired OAuth2 access token (they last a day) answers 401: n8n refreshes it and resends once.
	refreshCredentialOn: [401],
	answeredInvoice: { of: (body) => body, idField: '_id' },
	readError(body, statusCode) {
		if (typeof body === 'string') return { reason: body || `HTTP ${statusCode}` };
		const error = (body ?? {}) as HighLevelErrorBody;
		return {
			reason: messageOf(error) ?? error.error ?? `HTTP ${statusCode}`,
			code: error.statusCode ?? error.error,
		};
	},
};
