import type { IDataObject } from 'n8n-workflow';

import type { OperationContext, ProviderRequest } from './types';

/**
 * The most pages one Get Many reads for one input item: a guard against a provider that never
 * says "no more" while its cursor keeps changing. At the providers' page sizes (100 to 200) that
 * is 1,000,000 invoices or more, past what one n8n execution holds in memory comfortably.
 */
export const MAX_PAGES = 10_000;

/** One page as the provider answered it. */
export interface Page<Position> {
	records: IDataObject[];
	/** Where the next page starts; `undefined` when the provider says there are no more. */
	next: Position | undefined;
}

/** A provider's list endpoint: how to ask for a page and how to read one. */
export interface ListEndpoint<Position extends string | number> {
	/** The provider's largest page size. */
	maxPageSize: number;
	/** The request for the page at `position` (`undefined`: the first page) of `pageSize` records. */
	request(position: Position | undefined, pageSize: number): ProviderRequest;
	/** The records of an answer and where the next page starts; refuses an answer of another shape. */
	read(body: unknown, position: Position | undefined, context: OperationContext): Page<Position>;
}

export interface Listing {
	records: IDataObject[];
	/** Pages requested (retries of one page not counted). */
	pages: number;
}

/**
 * Every page of a list, through the item's `send` (so pacing, retries and error mapping apply
 * to every page), until the provider says there are no more or `limit` records are in hand
 * (`undefined`: no limit). Pages are asked at the provider's largest size, or smaller when the
 * limit needs fewer. A next position the run has already been at means the provider is not
 * advancing: that fails with a clear error instead of looping.
 */
export async function fetchPages<Position extends string | number>(
	context: OperationContext,
	endpoint: ListEndpoint<Position>,
	limit: number | undefined,
	maxPages = MAX_PAGES,
): Promise<Listing> {
	const records: IDataObject[] = [];
	const visited = new Set<Position>();
	let position: Position | undefined;
	let pages = 0;
	for (;;) {
		if (pages >= maxPages) {
			context.refuse(
				`${context.provider.displayName} still had more invoices after ${maxPages} pages; Get Many stops there`,
				'Narrow the search with Filters, or run Get Many in several parts (e.g. by date).',
			);
		}
		const pageSize = limit === undefined ? endpoint.maxPageSize : Math.min(endpoint.maxPageSize, limit - records.length);
		const response = await context.send(endpoint.request(position, pageSize));
		pages++;
		const page = endpoint.read(response.body, position, context);
		for (const record of page.records) {
			if (limit !== undefined && records.length >= limit) break;
			records.push(record);
		}
		if (page.next === undefined || (limit !== undefined && records.length >= limit)) return { records, pages };
		if (page.next === position || visited.has(page.next)) {
			context.refuse(
				`${context.provider.displayName} answered page ${pages} of the invoice list with a next page position it had already given (${String(page.next)}); Get Many stops instead of reading the same pages again`,
				'The provider is not advancing through the list. Try again later; if it persists, narrow the search with Filters.',
			);
		}
		if (position !== undefined) visited.add(position);
		position = page.next;
	}
}

/** The array at `key` of a list answer, refused when the answer has another shape. */
export function recordsAt(body: unknown, key: string, context: OperationContext): IDataObject[] {
	const records = (body as IDataObject | null)?.[key];
	if (!Array.isArray(records)) {
		context.refuse(`${context.provider.displayName} answered the invoice list without a "${key}" list`);
	}
	return records as IDataObject[];
}
