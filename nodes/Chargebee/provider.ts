import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { normalizeBaseUrl } from '../shared/transport';
import type { Provider } from '../shared/types';

/** A Chargebee site is one DNS label (`acme`, `acme-test`): nothing that could change the host. */
const SITE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function chargebeeBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = String(credentials.baseUrl ?? '').trim();
	if (baseUrl) return normalizeBaseUrl(baseUrl, 'Chargebee');
	const site = String(credentials.site ?? '').trim();
	if (!SITE_PATTERN.test(site)) {
		throw new Error(
			`The Chargebee credential's Site "${site}" is not a site name: give the subdomain only, e.g. "acme" for acme.chargebee.com`,
		);
	}
	return `https://${site}.chargebee.com`;
}

interface ChargebeeErrorBody {
	message?: string;
	api_error_code?: string;
	error_code?: string;
}

export const chargebee: Provider = {
	name: 'chargebee',
	displayName: 'Chargebee',
	credentialType: () => 'invoiceOpsChargebeeApi',
	baseUrl: chargebeeBaseUrl,
	pathPrefix: ['api', 'v2'],
	bodyEncoding: 'form',
	defaultConcurrency: 4,
	// Chargebee's limits depend on the plan (test sites 150/min): no pace unless the user sets one.
	answeredInvoice: { of: (body) => (body as { invoice?: unknown } | null)?.invoice, idField: 'id' },
	readError(body, statusCode) {
		const error = (body ?? {}) as ChargebeeErrorBody;
		return {
			reason: error.message ?? (typeof body === 'string' && body ? body : `HTTP ${statusCode}`),
			// `api_error_code` is the stable one; `error_code` is deprecated but still sent.
			code: error.api_error_code ?? error.error_code,
		};
	},
};
