import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { normalizeBaseUrl } from '../shared/transport';
import type { Provider, ProviderErrorDetail } from '../shared/types';

export const CHARTMOGUL_BASE_URL = 'https://api.chartmogul.com';

/** Longest raw (non-JSON) error body quoted in a message, e.g. a proxy's HTML page. */
const RAW_REASON_MAX = 300;

export function chartMogulBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = String(credentials.baseUrl ?? '').trim();
	return baseUrl ? normalizeBaseUrl(baseUrl, 'ChartMogul') : CHARTMOGUL_BASE_URL;
}

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A message field as text: a string, or a list of strings. */
function textOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (Array.isArray(value)) {
		const parts = value.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
		return parts.length ? parts.join('; ') : undefined;
	}
	return undefined;
}

function codeOf(value: unknown): string | number | undefined {
	return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/**
 * ChartMogul has no fixed error schema: 401 `{code, message, param}`, 404
 * `{error, error_details: [{param, code, message}]}`, 422 `{message}`. The reason is `message`,
 * else `error`, else the details' messages; details that add something are appended.
 */
export function readChartMogulError(body: unknown, statusCode: number): ProviderErrorDetail {
	if (typeof body === 'string' && body.trim()) {
		return { reason: body.trim().slice(0, RAW_REASON_MAX) };
	}
	const error = isRecord(body) ? body : {};
	const details = Array.isArray(error.error_details) ? error.error_details.filter(isRecord) : [];
	const primary = textOf(error.message) ?? textOf(error.error);
	const detailMessages = details
		.map((detail) => textOf(detail.message))
		.filter((message): message is string => message !== undefined && message !== primary);
	const reason = [primary, ...detailMessages].filter(Boolean).join('; ') || `HTTP ${statusCode}`;
	return { reason, code: codeOf(error.code) ?? codeOf(details[0]?.code) };
}

export const chartMogul: Provider = {
	name: 'chartMogul',
	displayName: 'ChartMogul',
	credentialType: () => 'invoiceOpsChartMogulApi',
	baseUrl: chartMogulBaseUrl,
	pathPrefix: ['v1'],
	bodyEncoding: 'json',
	// ChartMogul allows 40 requests/s and at most 20 parallel connections per account.
	defaultConcurrency: 4,
	rateLimit: { requests: 40, perMilliseconds: 1000 },
	maxInFlight: 20,
	readError: readChartMogulError,
	hints: {
		// dev.chartmogul.com, "Delete an invoice" and "Disable an invoice" (docs/providers.md).
		afterDelete: {
			message:
				'ChartMogul: an invoice deleted from an automatic data source (Stripe, Chargebee, Recurly, Braintree, ...) can come back at its next sync.',
			lasting: { operation: 'disable', message: 'Disable takes an invoice out of the metrics and keeps it out through resyncs.' },
		},
	},
};
