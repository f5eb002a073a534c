import type { IDataObject } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/types';
import { dataSourceUuidOf, externalIdQuery, idsOfInvoice, invoiceIdTypeOf } from './fields';

/** ChartMogul's longest page of a list (`per_page` <= 200). */
const PAGE_SIZE = 200;

/** Most pages one customer's list may take (200,000 invoices): past it the node stops, never loops. */
export const MAX_PAGES = 1_000;

interface InvoicePage {
	invoices: unknown[];
	cursor?: string | null;
	has_more?: boolean;
}

function pageOf(body: unknown): InvoicePage {
	const page = (typeof body === 'object' && body !== null ? body : {}) as Partial<InvoicePage>;
	return { ...page, invoices: Array.isArray(page.invoices) ? page.invoices : [] };
}

/** How a message names an invoice given by external id. */
export function byExternalIdText(context: OperationContext): string {
	return `external ID "${context.invoiceId}" in data source "${dataSourceUuidOf(context)}"`;
}

export const noInvoiceText = (context: OperationContext) => `ChartMogul has no invoice with ${byExternalIdText(context)}`;

/**
 * The invoice the item names, read with one GET: `GET /v1/invoices/{uuid}` (a 404 throws), or
 * `GET /v1/invoices?data_source_uuid=&external_id=`, where an empty list gives `undefined`.
 * Several invoices with one external id are refused: the node would not know which is meant.
 */
export async function readInvoice(context: OperationContext): Promise<unknown> {
	if (invoiceIdTypeOf(context) === 'uuid') {
		const { body } = await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
		return body;
	}
	const { body } = await context.send({ method: 'GET', path: ['invoices'], query: externalIdQuery(context) });
	const { invoices } = pageOf(body);
	if (invoices.length > 1) {
		const uuids = invoices.map((invoice) => String(idsOfInvoice(invoice).invoiceUuid ?? '?')).join(', ');
		context.refuse(
			`ChartMogul has ${invoices.length} invoices with ${byExternalIdText(context)}: ${uuids}`,
			'Use Invoice ID Type "ChartMogul UUID" with one of these UUIDs.',
		);
	}
	return invoices[0];
}

/**
 * Every invoice of a customer in a data source: `GET /v1/invoices?data_source_uuid=&customer_uuid=`,
 * page after page (`per_page=200`, then `cursor`) while ChartMogul says `has_more`.
 */
export async function listCustomerInvoices(
	context: OperationContext,
	dataSourceUuid: string,
	customerUuid: string,
): Promise<unknown[]> {
	const invoices: unknown[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let pages = 1; ; pages++) {
		const query: IDataObject = { data_source_uuid: dataSourceUuid, customer_uuid: customerUuid, per_page: PAGE_SIZE };
		if (cursor) query.cursor = cursor;
		const page = pageOf((await context.send({ method: 'GET', path: ['invoices'], query })).body);
		invoices.push(...page.invoices);
		if (page.has_more !== true) return invoices;
		if (typeof page.cursor !== 'string' || page.cursor === '' || seenCursors.has(page.cursor)) {
			return context.refuse(
				`ChartMogul's list of the invoices of customer "${customerUuid}" did not advance: page ${pages} says there are more but gives ${typeof page.cursor === 'string' && page.cursor ? 'a cursor it gave before' : 'no cursor'}`,
				'The node stopped instead of reading the same page again. Retry later; if it persists, report it to ChartMogul.',
			);
		}
		if (pages >= MAX_PAGES) {
			return context.refuse(
				`ChartMogul's list of the invoices of customer "${customerUuid}" goes on past ${MAX_PAGES} pages of ${PAGE_SIZE}: the node stopped there`,
			);
		}
		seenCursors.add(page.cursor);
		cursor = page.cursor;
	}
}
