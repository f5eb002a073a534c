import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { normalizeBaseUrl } from '../shared/transport';
import type { UrlForm } from '../shared/locator';
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

function siteOf(credentials: ICredentialDataDecryptedObject): string | undefined {
	const site = String(credentials.site ?? '').trim().toLowerCase();
	return SITE_PATTERN.test(site) ? site : undefined;
}

/**
 * The one place that knows Chargebee's invoice URL: its web app shows an invoice at
 * `https://{site}.chargebee.com/d/invoices/{id}`, the address of the invoice's page when opened
 * from the Invoices list. Chargebee's API reference documents no web-app URLs, so the form is the
 * app's as it shows it (docs/editor.md says so); the site must be the credential's.
 */
export const chargebeeInvoiceUrl: UrlForm = {
	form: 'https://{site}.chargebee.com/d/invoices/{invoice id}, with the site of the Chargebee credential',
	regex: 'https://(?:[a-zA-Z0-9][a-zA-Z0-9-]*)\\.chargebee\\.com/d/invoices/([^/?#\\s]+)',
	placeholder: 'e.g. https://acme.chargebee.com/d/invoices/inv_0042',
	refusal(url, credentials) {
		const site = siteOf(credentials);
		const host = new URL(url).hostname.toLowerCase();
		if (!site) return 'cannot be checked: the Chargebee credential has no Site';
		return host === `${site}.chargebee.com` ? undefined : `is on the site "${host.split('.')[0]}", not the credential's site "${site}"`;
	},
	of(id, credentials) {
		const site = siteOf(credentials);
		return site ? `https://${site}.chargebee.com/d/invoices/${encodeURIComponent(id)}` : undefined;
	},
};

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
	invoiceUrl: chargebeeInvoiceUrl,
	readError(body, statusCode) {
		const error = (body ?? {}) as ChargebeeErrorBody;
		return {
			reason: error.message ?? (typeof body === 'string' && body ? body : `HTTP ${statusCode}`),
			// `api_error_code` is the stable one; `error_code` is deprecated but still sent.
			code: error.api_error_code ?? error.error_code,
		};
	},
};
