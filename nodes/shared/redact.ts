import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

/** Longest provider text (an error body, a proxy's page) a message or description quotes. */
export const PROVIDER_TEXT_MAX = 500;

export const REDACTED = '[redacted]';

/**
 * Credential fields that hold a secret, across this package's credential types and n8n's OAuth2
 * credential (whose token data n8n keeps under `oauthTokenData`).
 */
const SECRET_FIELDS = ['apiKey', 'privateIntegrationToken', 'bearerToken', 'password', 'clientSecret'];
const SECRET_TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'];

/** Shorter values are not treated as secrets: replacing them would garble ordinary text. */
const SECRET_MIN_LENGTH = 4;

/**
 * Every form in which a credential's secrets could come back in a provider's text: the value
 * itself, percent-encoded, and the Base64 of HTTP Basic auth built from it (`key:` and `key`).
 * Read when needed, so a token n8n minted into the credential meanwhile is included.
 */
export function secretsOf(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	if (!credentials) return [];
	const values: string[] = [];
	for (const field of SECRET_FIELDS) values.push(String(credentials[field] ?? ''));
	const tokenData = credentials.oauthTokenData;
	if (tokenData && typeof tokenData === 'object') {
		for (const field of SECRET_TOKEN_FIELDS) values.push(String((tokenData as IDataObject)[field] ?? ''));
	}
	const forms = new Set<string>();
	for (const value of values.map((text) => text.trim())) {
		if (value.length < SECRET_MIN_LENGTH) continue;
		forms.add(value);
		forms.add(encodeURIComponent(value));
		forms.add(Buffer.from(`${value}:`).toString('base64'));
		forms.add(Buffer.from(value).toString('base64'));
	}
	// Longest first, so that a value containing another is replaced whole.
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * What an echoed request looks like even when the secret is not one the node knows (an OAuth2
 * token n8n refreshed meanwhile): an Authorization value, or a key-, token- or password-named field.
 */
const SECRET_SHAPES: Array<[RegExp, string]> = [
	[/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
	[
		/\b(authorization|api[_-]?key|x-api-key|access[_-]?token|refresh[_-]?token|bearer[_-]?token|client[_-]?secret|password)(["']?\s*[:=]\s*["']?)(?!\[redacted\]|Bearer\b|Basic\b)[^\s"',;&}]{4,}/gi,
		`$1$2${REDACTED}`,
	],
	[/(["']token["']\s*:\s*["'])[^"']{4,}/gi, `$1${REDACTED}`],
	[/\btoken=[^\s&"']{4,}/gi, `token=${REDACTED}`],
];

/** Provider text fit for a message: known secrets and secret-shaped values replaced, capped. */
export function redactText(text: string, secrets: string[], max = PROVIDER_TEXT_MAX): string {
	let redacted = text;
	for (const secret of secrets) redacted = redacted.split(secret).join(REDACTED);
	for (const [shape, replacement] of SECRET_SHAPES) redacted = redacted.replace(shape, replacement);
	return redacted.length > max ? `${redacted.slice(0, max)}...` : redacted;
}

/**
 * A provider's parsed answer with every known secret value replaced, for output items. Only
 * exact values: an answer's ordinary fields must stay as the provider sent them.
 */
export function redactValue<T>(value: T, secrets: string[]): T {
	if (secrets.length === 0) return value;
	const walk = (current: unknown): unknown => {
		if (typeof current === 'string') {
			return secrets.some((secret) => current.includes(secret))
				? secrets.reduce((text, secret) => text.split(secret).join(REDACTED), current)
				: current;
		}
		if (Array.isArray(current)) return current.map(walk);
		if (current !== null && typeof current === 'object') {
			return Object.fromEntries(Object.entries(current).map(([key, inner]) => [key, walk(inner)]));
		}
		return current;
	};
	return walk(value) as T;
}
