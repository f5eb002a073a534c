import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { normalizeBaseUrl } from '../shared/transport';
import type { Provider } from '../shared/types';
import { FATORA_DEFAULT_BASE_URL, fatoraReasonText } from '../../credentials/fatoraToken';

/** Fatora's documented meaning of each status, for answers that carry no reason of their own. */
const STATUS_MEANINGS: Record<number, string> = {
	400: 'a required parameter is missing',
	401: 'the API key or bearer token is not valid',
	403: 'the API key is not active',
	404: 'not found',
	409: 'conflict with the current state of the resource',
	415: 'the request body is not JSON',
	422: 'the request could not be processed',
};

/** Fatora answers `{"status":"ERROR","error":"..."}`; `error` is documented as an object too. */
interface FatoraErrorBody {
	status?: unknown;
	error?: unknown;
	message?: unknown;
}

export const fatora: Provider = {
	name: 'fatora',
	displayName: 'Fatora',
	credentialType: () => 'invoiceOpsFatoraApi',
	baseUrl: (credentials: ICredentialDataDecryptedObject) =>
		normalizeBaseUrl(String(credentials.baseUrl || FATORA_DEFAULT_BASE_URL), 'Fatora'),
	pathPrefix: ['v1'],
	bodyEncoding: 'json',
	// The token is minted lazily on the first request: items in parallel would each mint one.
	defaultConcurrency: 1,
	// The docs mark Content-Type: application/json as required on every call (415 otherwise).
	headers: { 'Content-Type': 'application/json' },
	// An expired bearer token answers 401: n8n then mints a new one and retries once.
	refreshCredentialOn: [401],
	readError(body, statusCode) {
		const error = (body && typeof body === 'object' ? body : {}) as FatoraErrorBody;
		const reason =
			fatoraReasonText(error.error) ??
			fatoraReasonText(error.message) ??
			(typeof body === 'string' && body.trim() ? body.slice(0, 200) : undefined) ??
			STATUS_MEANINGS[statusCode] ??
			`HTTP ${statusCode}`;
		return { reason, code: typeof error.status === 'string' ? error.status : undefined };
	},
};
