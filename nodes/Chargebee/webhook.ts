import {
	NodeApiError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { encodeForm, encodePathSegment } from '../shared/transport';
import { chargebee, chargebeeBaseUrl } from './provider';

type Context = IHookFunctions | IWebhookFunctions;

/** The invoice events Chargebee sends (SDK `webhook/eventType.ts`); voids arrive as `invoice_updated`. */
export const CHARGEBEE_INVOICE_EVENTS = [
	{ name: 'Invoice Deleted', value: 'invoice_deleted' },
	{ name: 'Invoice Generated', value: 'invoice_generated' },
	{ name: 'Invoice Generated With Backdating', value: 'invoice_generated_with_backdating' },
	{ name: 'Invoice Updated (Also Sent When Voided)', value: 'invoice_updated' },
	{ name: 'Pending Invoice Created', value: 'pending_invoice_created' },
	{ name: 'Pending Invoice Updated', value: 'pending_invoice_updated' },
];

export interface ChargebeeAnswer {
	statusCode: number;
	body: IDataObject;
}

/**
 * One request to Chargebee's API with the node's `invoiceOpsChargebeeApi` credential, through
 * n8n's authenticated helper, redirects refused, ids in the path encoded segment by segment.
 * Returns every answer that is not a redirect; the caller decides what a 404 means.
 */
export async function chargebeeApi(
	context: Context,
	action: string,
	method: IHttpRequestMethods,
	path: string[],
	form?: IDataObject,
): Promise<ChargebeeAnswer> {
	const credentials = await context.getCredentials('invoiceOpsChargebeeApi');
	const baseUrl = chargebeeBaseUrl(credentials);
	const url = `${baseUrl}/${['api', 'v2', ...path].map(encodePathSegment).join('/')}`;
	let response: { statusCode: number; body: unknown; headers?: Record<string, unknown> };
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(context, 'invoiceOpsChargebeeApi', {
			method,
			url,
			headers: {
				Accept: 'application/json',
				...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
			},
			...(form ? { body: encodeForm(form) } : {}),
			disableFollowRedirect: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		})) as typeof response;
	} catch (error) {
		// Only the cause's message: the request (and its Authorization header) never reaches the error.
		throw new NodeApiError(context.getNode(), {} as JsonObject, {
			message: `Chargebee could not ${action}: ${(error as Error).message}`,
		});
	}
	const { statusCode } = response;
	if (statusCode >= 300 && statusCode < 400) {
		const location = String(response.headers?.location ?? '');
		const host = URL.canParse(location, baseUrl) ? new URL(location, baseUrl).host : 'an unknown host';
		throw new NodeApiError(context.getNode(), { httpStatus: statusCode } as JsonObject, {
			message: `Chargebee could not ${action}: it answered with a redirect to ${host}, which is never followed`,
			httpCode: String(statusCode),
		});
	}
	let body: IDataObject = {};
	if (typeof response.body === 'string' && response.body !== '') {
		try {
			body = JSON.parse(response.body) as IDataObject;
		} catch {
			body = { message: response.body.slice(0, 300) };
		}
	} else if (response.body && typeof response.body === 'object' && !Buffer.isBuffer(response.body)) {
		body = response.body as IDataObject;
	} else if (Buffer.isBuffer(response.body) && response.body.length > 0) {
		try {
			body = JSON.parse(response.body.toString('utf8')) as IDataObject;
		} catch {
			body = { message: response.body.toString('utf8').slice(0, 300) };
		}
	}
	return { statusCode, body };
}

/** A Chargebee refusal as an error naming the action, Chargebee's reason and code. */
export function chargebeeRefusal(context: Context, action: string, answer: ChargebeeAnswer): NodeApiError {
	const { reason, code } = chargebee.readError(answer.body, answer.statusCode);
	return new NodeApiError(context.getNode(), { httpStatus: answer.statusCode, providerCode: code ?? null } as JsonObject, {
		message: `Chargebee could not ${action}: ${reason}${code ? ` (${code}, HTTP ${answer.statusCode})` : ` (HTTP ${answer.statusCode})`}`,
		httpCode: String(answer.statusCode),
	});
}
