import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationContext, ProviderRequest, ProviderResponse } from '../../../shared/types';
import { requireMaxLength } from '../../../shared/validate';
import { chargebeeHeaders, idempotencyKeyOption } from '../headers';

const COMMENT_MAX = 300;
const IDEMPOTENCY_KEY_MAX = 100;

export function commentProperty(description: string): INodeProperties {
	return {
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: `${description} At most ${COMMENT_MAX} characters`,
	};
}

/**
 * Checks shared by Delete, Void and Write Off, before any request. A user's Idempotency Key
 * must differ per item: Chargebee refuses (422) every later request with a key it has seen.
 */
export function validateWrite(context: OperationContext): void {
	requireMaxLength(context, context.param<string>('comment', ''), COMMENT_MAX, 'Comment');
	chargebeeHeaders(context.options, true);
	const key = idempotencyKeyOption(context.options);
	requireMaxLength(context, key, IDEMPOTENCY_KEY_MAX, 'Idempotency Key');
	const firstItem = key ? context.claim('idempotencyKey', key) : undefined;
	if (firstItem !== undefined) {
		context.refuse(
			`The Idempotency Key "${key}" is the same as item ${firstItem}'s: Chargebee would refuse this item`,
			'Chargebee applies a key once: give every item its own, with an expression such as {{ $json.id }}, or leave the option empty for a key per item.',
		);
	}
}

/**
 * Fails the item unless Chargebee's answer is about this invoice and shows `expected` (a 2xx
 * from anything else, e.g. a proxy, is never reported as a change).
 */
export function confirmInvoice(
	context: OperationContext,
	response: ProviderResponse,
	expected: (invoice: IDataObject) => boolean,
	what: string,
): void {
	const invoice = (response.body as { invoice?: IDataObject } | null)?.invoice;
	const aboutThisInvoice = invoice !== undefined && invoice !== null && invoice.id === context.invoiceId;
	context.confirm(
		response,
		aboutThisInvoice && expected(invoice),
		aboutThisInvoice ? `the invoice it returned is not ${what}` : 'it did not return this invoice',
	);
}

/**
 * `POST /invoices/{id}/{action}` with a form body and the Options' headers. Every write carries
 * `chargebee-idempotency-key` (the user's, else one naming this item of this run), so that a
 * retry after a lost answer is applied by Chargebee at most once.
 */
export function invoiceAction(context: OperationContext, action: string, body: IDataObject): ProviderRequest {
	const comment = context.param<string>('comment', '');
	return {
		method: 'POST',
		path: ['invoices', context.invoiceId, action],
		body: { ...(comment ? { comment } : {}), ...body },
		headers: { 'chargebee-idempotency-key': context.itemKey, ...chargebeeHeaders(context.options, true) },
	};
}
