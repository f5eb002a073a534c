import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationContext, ProviderRequest } from '../../../shared/types';
import { requireMaxLength } from '../../../shared/validate';
import { chargebeeHeaders } from '../headers';

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

/** Checks shared by Delete, Void and Write Off, before any request. */
export function validateWrite(context: OperationContext): void {
	requireMaxLength(context, context.param<string>('comment', ''), COMMENT_MAX, 'Comment');
	const key = typeof context.options.idempotencyKey === 'string' ? context.options.idempotencyKey.trim() : '';
	requireMaxLength(context, key, IDEMPOTENCY_KEY_MAX, 'Idempotency Key');
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
