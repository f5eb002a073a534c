import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestMethods,
} from 'n8n-workflow';

import { normalizeBaseUrl } from './baseUrl';

export const FATORA_DEFAULT_BASE_URL = 'https://api.fatora.io';

/** Where Fatora mints a bearer token from the API key (header `api_key`). */
export const MINTING_PATH = '/v1/Authorization/Authorize';

/**
 * Fatora does not document the HTTP method of Authorize: its curl example sends GET, one
 * third-party profile says POST. Tried in this order; the next one only when the previous
 * answered with a status meaning "not served with this method".
 */
export const AUTHORIZE_METHODS: IHttpRequestMethods[] = ['GET', 'POST'];
const METHOD_NOT_SERVED = [404, 405];

interface AuthorizeAnswer {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

interface AuthorizeBody {
	success?: unknown;
	bearer_token?: unknown;
	status?: unknown;
	error?: unknown;
	message?: unknown;
}

function parsedBody(body: unknown): AuthorizeBody {
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as AuthorizeBody;
		} catch {
			return { message: body };
		}
	}
	return body && typeof body === 'object' ? (body as AuthorizeBody) : {};
}

/** A reason Fatora gives as a string, or as an object with a message (its docs say "error: object"). */
export function fatoraReasonText(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (value && typeof value === 'object') {
		const nested = value as { message?: unknown; description?: unknown };
		return fatoraReasonText(nested.message) ?? fatoraReasonText(nested.description);
	}
	return undefined;
}

/** Fatora's reason, short and with the key masked in case an answer echoes it. */
function reasonOf(body: AuthorizeBody, apiKey: string): string {
	const raw = fatoraReasonText(body.error) ?? fatoraReasonText(body.message);
	if (!raw) return 'no reason given';
	return raw.split(apiKey).join('[API key]').slice(0, 200);
}

function redirectHost(answer: { headers?: Record<string, unknown> }): string {
	const location = Object.entries(answer.headers ?? {}).find(([name]) => name.toLowerCase() === 'location')?.[1];
	try {
		return new URL(String(location)).host || 'an unnamed location';
	} catch {
		return 'an unnamed location';
	}
}

async function callAuthorize(helper: IHttpRequestHelper, url: string, apiKey: string): Promise<AuthorizeAnswer> {
	let answer: AuthorizeAnswer = { statusCode: 0, body: null };
	for (const method of AUTHORIZE_METHODS) {
		answer = (await helper.helpers.httpRequest({
			method,
			url,
			headers: { api_key: apiKey, Accept: 'application/json' },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			// A redirect would carry the API key to wherever it points: refused below instead.
			disableFollowRedirect: true,
		})) as AuthorizeAnswer;
		if (answer.statusCode >= 300 && answer.statusCode < 400) {
			throw new Error(
				`Fatora's Authorize endpoint answered with a redirect (HTTP ${answer.statusCode}) to ${redirectHost(answer)}, which is never followed so that the API key stays on its own host: check the Base URL of the Fatora credential`,
			);
		}
		if (!METHOD_NOT_SERVED.includes(answer.statusCode)) return answer;
	}
	throw new Error(
		`Fatora's Authorize endpoint (${MINTING_PATH}) answered HTTP ${answer.statusCode} to ${AUTHORIZE_METHODS.join(' and ')}: check the Base URL of the Fatora credential`,
	);
}

/** Mints a bearer token; any refusal becomes an error naming Fatora, never showing the key. */
export async function mintFatoraToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const apiKey = String(credentials.apiKey ?? '').trim();
	if (!apiKey) throw new Error('The Fatora credential has no API key');
	const baseUrl = normalizeBaseUrl(String(credentials.baseUrl || FATORA_DEFAULT_BASE_URL), 'Fatora');

	const { statusCode, body } = await callAuthorize(helper, `${baseUrl}${MINTING_PATH}`, apiKey);
	const answer = parsedBody(body);
	// Fatora's documented refusal is `{"status":"ERROR","error":"Invalid API Key"}`; its status code is not.
	const refused = statusCode === 401 || statusCode === 403 || (statusCode < 500 && answer.status === 'ERROR');
	if (refused) {
		throw new Error(`Fatora refused the API key: ${reasonOf(answer, apiKey)} (HTTP ${statusCode})`);
	}
	if (statusCode >= 300 || answer.success !== true || typeof answer.bearer_token !== 'string' || !answer.bearer_token) {
		throw new Error(`Fatora did not issue a bearer token: ${reasonOf(answer, apiKey)} (HTTP ${statusCode})`);
	}
	return answer.bearer_token;
}
