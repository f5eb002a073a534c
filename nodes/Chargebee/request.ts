import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { recordsAt, type ListEndpoint } from '../shared/paging';
import { settle } from '../shared/settle';
import { isNotFound } from '../shared/transport';
import type { OperationContext, ProviderRequest } from '../shared/types';
import { requireMaxLength } from '../shared/validate';
import { chargebeeHeaders, idempotencyKeyOption } from './options';

const COMMENT_MAX = 300;
const IDEMPOTENCY_KEY_MAX = 100;

export function commentProperty(description: string): INodeProperties {
	return {
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Duplicate of inv_2025_0041, generated twice by the March import',
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

/**
 * The invoice as Chargebee has it, deleted ones included: `GET /invoices/{id}` answers 404 for a
 * deleted invoice, which only the list with `include_deleted=true` still shows.
 */
export async function readInvoice(context: OperationContext): Promise<IDataObject> {
	const headers = chargebeeHeaders(context.options, false);
	const read = await settle(context.send({ method: 'GET', path: ['invoices', context.invoiceId], headers }));
	if (read.ok) return (read.value.body as { invoice: IDataObject }).invoice;
	if (!isNotFound(read.error)) throw read.error;
	const listed = await context.send({
		method: 'GET',
		path: ['invoices'],
		query: { 'id[is]': context.invoiceId, include_deleted: true, limit: 1 },
		headers,
	});
	const [entry] = (listed.body as { list?: Array<{ invoice: IDataObject }> }).list ?? [];
	if (!entry) throw read.error;
	return entry.invoice;
}

/** Chargebee's largest page (`limit` 1..100). */
const PAGE_SIZE = 100;

/**
 * `GET /api/v2/invoices` with `query` (filters encoded as the chargebee SDK's `invoice.list`),
 * page by page with the `next_offset` of the previous page: Get Many and the invoice picker.
 */
export function invoiceList(query: IDataObject, headers: Record<string, string>): ListEndpoint<string> {
	return {
		maxPageSize: PAGE_SIZE,
		idField: 'id',
		request: (offset, limit) => ({ method: 'GET', path: ['invoices'], query: { limit, offset, ...query }, headers }),
		read(body, _offset, readContext) {
			const records = recordsAt(body, 'list', readContext).map((entry) => (entry as { invoice: IDataObject }).invoice);
			const next = (body as { next_offset?: unknown }).next_offset;
			return { records, next: typeof next === 'string' && next !== '' ? next : undefined };
		},
	};
}
