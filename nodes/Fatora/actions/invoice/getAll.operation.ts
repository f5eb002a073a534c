import type { IDataObject } from 'n8n-workflow';

import { dayFilter, filterSummary, filtersOf, getManyDescription, getManyProperties, limitOf, textFilter } from '../../../shared/getMany';
import { fetchPages, listingResult, type ListEndpoint, type ListReadContext, type Page } from '../../../shared/paging';
import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { verb } from '../../../shared/verbs';

/**
 * How a page of `GET /v1/invoices` is read. Fatora documents the request (`page`, `page_size`,
 * filters) but not the answer's shape: this is the one place that assumes it, and it fails
 * loudly when an answer fits none of the assumptions.
 * - The invoices are the answer itself when it is a list, else its first list among `data`,
 *   `invoices`, `result`.
 * - There are more pages while `page < total_pages`, or `page * page_size < total` (or
 *   `total_count`) when the answer has those; without either, until a page comes back empty
 *   (one extra request, but a server cap on `page_size` can then not cut the list short).
 * - A page of invoices already listed (Fatora ignoring `page`) stops with an error instead of
 *   reading the same page forever: the shared paging's rule for every provider (paging.ts).
 */
const FATORA_LIST = {
	recordKeys: ['data', 'invoices', 'result'],
	/** Not documented; the docs' example asks 20. */
	pageSize: 100,
};

function numberAt(body: IDataObject, keys: string[]): number | undefined {
	for (const key of keys) {
		const value = Number(body[key]);
		if (body[key] !== undefined && body[key] !== null && body[key] !== '' && Number.isFinite(value)) return value;
	}
	return undefined;
}

function readPage(body: unknown, page: number, pageSize: number, context: ListReadContext): Page<number> {
	const object = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const key = FATORA_LIST.recordKeys.find((candidate) => Array.isArray(object[candidate]));
	const records = (Array.isArray(body) ? body : key ? object[key] : undefined) as IDataObject[] | undefined;
	if (!records) {
		return context.refuse(
			`Fatora answered the invoice list in a shape the node does not know (keys: ${Object.keys(object).slice(0, 10).join(', ') || 'none'})`,
			`The node looks for the invoices in the answer itself or in ${FATORA_LIST.recordKeys.join(', ')}. Please report the answer's shape.`,
		);
	}
	const totalPages = numberAt(object, ['total_pages']);
	const total = numberAt(object, ['total', 'total_count']);
	const more =
		totalPages !== undefined ? page < totalPages : total !== undefined ? page * pageSize < total : records.length > 0;
	return { records, next: more ? page + 1 : undefined };
}

/**
 * `GET /v1/invoices` with `query`, `page_size` records a page from page 1: Get Many and the
 * invoice picker (which asks smaller pages).
 */
export function invoiceList(query: IDataObject, pageSize = FATORA_LIST.pageSize): ListEndpoint<number> {
	return {
		maxPageSize: pageSize,
		idField: 'id',
		request: (page) => ({ method: 'GET', path: ['invoices'], query: { ...query, page: page ?? 1, page_size: pageSize } }),
		read: (body, page, readContext) => readPage(body, page ?? 1, pageSize, readContext),
	};
}

/** dd-mm-yyyy, as Fatora's `from` / `to` take a day. */
function fatoraDay(day: string | undefined): string | undefined {
	if (!day) return undefined;
	const [year, month, date] = day.split('-');
	return `${date}-${month}-${year}`;
}

function filterQuery(context: OperationContext): IDataObject {
	const filters = filtersOf(context);
	return {
		keyword: textFilter(context, filters, 'keyword', 'Keyword'),
		status: textFilter(context, filters, 'status', 'Status'),
		from: fatoraDay(dayFilter(context, filters, 'from', 'From')),
		to: fatoraDay(dayFilter(context, filters, 'to', 'To')),
		client_email: textFilter(context, filters, 'clientEmail', 'Client Email'),
	};
}

export const getAllOperation: InvoiceOperation = {
	...verb('getAll', getManyDescription('Fatora invoices', 'Delete')),
	properties: getManyProperties([
		{
			displayName: 'Client Email',
			name: 'clientEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: "Only this client's invoices (client_email)",
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			description: 'Only invoices from this day on (from, sent as dd-mm-yyyy)',
		},
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			placeholder: 'e.g. ACME Trading',
			description: 'Text Fatora searches the invoices for (keyword)',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'string',
			default: '',
			placeholder: 'e.g. paid',
			description: "Only invoices in this status, as Fatora names it (status); Fatora's docs give paid as an example and list no others",
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			description: 'Only invoices up to this day (to, sent as dd-mm-yyyy)',
		},
	]),
	target: (context) => filterSummary(filtersOf(context)),
	validate(context) {
		limitOf(context);
		filterQuery(context);
	},
	async execute(context) {
		const query = filterQuery(context);
		const limit = limitOf(context);
		const pageSize = limit === undefined ? FATORA_LIST.pageSize : Math.min(FATORA_LIST.pageSize, limit);
		const endpoint = invoiceList(query, pageSize);
		return listingResult(await fetchPages(context, endpoint, limit));
	},
};
