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
