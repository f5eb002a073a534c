import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

/** The parts of a request a static credential may add to; anything else stays with n8n's helper. */
type StaticTarget = 'headers' | 'qs' | 'auth';
const STATIC_TARGETS: StaticTarget[] = ['headers', 'qs', 'auth'];

/** Resolved additions of a credential's generic `authenticate` block. */
export type ResolvedAuthentication = Partial<Record<StaticTarget, Record<string, unknown>>>;

const CREDENTIAL_REFERENCE = /\{\{\s*\$credentials\.([A-Za-z_$][\w$]*)\s*\}\}/g;
const WHOLE_REFERENCE = /^\{\{\s*\$credentials\.([A-Za-z_$][\w$]*)\s*\}\}$/;

/** Whether a value is a literal or an expression made only of `{{ $credentials.<field> }}` references. */
function isResolvable(value: unknown): boolean {
	if (typeof value !== 'string' || !value.startsWith('=')) return true;
	return !value.slice(1).replace(CREDENTIAL_REFERENCE, '').includes('{{');
}

/** Resolves a value the way n8n's CredentialsHelper does for these simple expressions. */
function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const expression = value.slice(1);
	const whole = WHOLE_REFERENCE.exec(expression);
	if (whole) return credentials[whole[1]];
	return expression.replace(CREDENTIAL_REFERENCE, (_match, field: string) => String(credentials[field] ?? ''));
}

/**
 * The credential type's own generic `authenticate` block when it depends on nothing but the
 * credential's stored data: no `preAuthentication` (a token n8n mints and refreshes), no parent
 * type (OAuth2), and only `{{ $credentials.<field> }}` expressions in headers, query or Basic auth.
 * Anything else returns undefined and is left to n8n's authenticated helper.
 */
export function staticAuthenticateOf(type: ICredentialType): IAuthenticateGeneric | undefined {
	const { authenticate } = type;
	if (type.preAuthentication || (type.extends?.length ?? 0) > 0) return undefined;
	if (!authenticate || typeof authenticate === 'function' || authenticate.type !== 'generic') return undefined;
	for (const [target, fields] of Object.entries(authenticate.properties)) {
		if (!STATIC_TARGETS.includes(target as StaticTarget)) return undefined;
		for (const [key, value] of Object.entries(fields as IDataObject)) {
			if (!isResolvable(key) || !isResolvable(value)) return undefined;
		}
	}
	return authenticate;
}

/** Resolves the block against the credential's data once, for every request of the execution. */
export function resolveAuthentication(
	authenticate: IAuthenticateGeneric,
	credentials: ICredentialDataDecryptedObject,
): ResolvedAuthentication {
	const resolved: ResolvedAuthentication = {};
	for (const [target, fields] of Object.entries(authenticate.properties)) {
		const values: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(fields as IDataObject)) {
			values[String(resolve(key, credentials))] = resolve(value, credentials);
		}
		resolved[target as StaticTarget] = values;
	}
	return resolved;
}

/**
 * Adds the resolved authentication to a request exactly where n8n's CredentialsHelper.authenticate
 * puts it (`options[target][key] = value`), so the request is authenticated byte for byte alike.
 */
export function applyAuthentication(options: IHttpRequestOptions, resolved: ResolvedAuthentication): IHttpRequestOptions {
	const target = options as unknown as Record<string, Record<string, unknown> | undefined>;
	for (const [name, values] of Object.entries(resolved)) {
		target[name] = { ...target[name], ...values };
	}
	return options;
}
