/**
 * What a credential's Base URL may be, for the nodes' requests and the credentials' own test
 * requests alike (credentials import nothing from nodes/, so the rule lives here).
 */

/** Hosts where plain http is allowed: this machine only (local sandboxes, a local proxy). */
function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Checks a credential's base URL: scheme, host and optional port only (a path or query would
 * silently change where requests go), and https unless the host is this machine, so that a key
 * never travels in clear text.
 */
export function normalizeBaseUrl(raw: string, providerName: string): string {
	if (!URL.canParse(raw.trim())) {
		throw new Error(`The ${providerName} credential's Base URL "${raw}" is not a valid URL`);
	}
	const url = new URL(raw.trim());
	if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
		throw new Error(
			`The ${providerName} credential's Base URL must be a scheme and host only, like https://api.example.com (got "${raw}")`,
		);
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		throw new Error(
			`The ${providerName} credential's Base URL must use https (got "${raw}"): plain http is allowed only for localhost, 127.0.0.0/8 and ::1`,
		);
	}
	return url.origin;
}

/**
 * The base URL of a credential's `test` request, as an n8n expression: the credential's Base
 * URL when it is a scheme and host only, over https (plain http only for localhost, 127.0.0.0/8
 * and ::1), else `fallback` (an expression of the provider's real host). Anything else becomes a
 * URL with no host, so the test fails without sending the key anywhere: the same rule the nodes
 * apply to every request.
 */
const ALLOWED_BASE_URL =
	'/^(https:\\/\\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?|http:\\/\\/(localhost|127(\\.[0-9]{1,3})(\\.[0-9]{1,3})(\\.[0-9]{1,3})|\\[::1\\]))(:[0-9]{1,5})?\\/?$/i';

/** A URL that cannot be requested: the test then fails before anything is sent. */
export const REFUSED_URL = 'refused-base-url:';

export function testBaseUrl(fallback: string): string {
	const given = '($credentials.baseUrl || "").trim()';
	return `={{ ${given} ? (${ALLOWED_BASE_URL}.test(${given}) ? ${given}.replace(/\\/$/, "") : "${REFUSED_URL}") : ${fallback} }}`;
}

/** A Chargebee site is one DNS label (`acme`, `acme-test`): nothing that could change the host. */
export const CHARGEBEE_SITE_HOST =
	'(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(($credentials.site || "").trim()) ? "https://" + $credentials.site.trim() + ".chargebee.com" : "' +
	REFUSED_URL +
	'")';
