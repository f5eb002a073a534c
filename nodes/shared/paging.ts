import type { IDataObject } from 'n8n-workflow';

import { INVOICE } from './resources';
import type { OperationContext, OperationResult, ProviderRequest } from './types';

/**
 * The most pages one Get Many reads for one input item: a guard against a provider that never
 * says "no more" while its cursor keeps changing and its pages bring nothing new (empty pages;
 * new records run into `MAX_RECORDS` first).
 */
export const MAX_PAGES = 10_000;

/**
 * The most invoices one Get Many holds for one input item (Return All, or a Limit above it). n8n
 * keeps every output item of a node in memory and saves them with the execution; a provider's
 * invoice object (line items, addresses, payments) takes a few KB, so 100,000 of them are several
 * hundred MB: past that a run risks running the n8n process out of memory instead of failing
 * with a message. A search that large is narrowed by its filters or taken in batches with Limit.
 */
export const MAX_RECORDS = 100_000;

/**
 * What reading a page needs: the provider (for messages) and a way to refuse an answer of another
 * shape. An item's `OperationContext` is one; the editor's list methods (locator.ts) give their own.
 */
export type ListReadContext = Pick<OperationContext, 'provider' | 'refuse'>;

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
	/**
	 * The field that names a record (Chargebee and Fatora `id`, ChartMogul `uuid`, HighLevel
	 * `_id`): a record whose id an earlier page already listed is a repeat and is dropped.
	 */
	idField: string;
	/** What the list holds, singular and plural, as messages name it; absent: invoices. */
	noun?: readonly [string, string];
	/** The request for the page at `position` (`undefined`: the first page) of `pageSize` records. */
	request(position: Position | undefined, pageSize: number): ProviderRequest;
	/** The records of an answer and where the next page starts; refuses an answer of another shape. */
	read(body: unknown, position: Position | undefined, context: ListReadContext): Page<Position>;
}

export interface Listing {
	/** Every record found, each once, in the order the provider listed them. */
	records: IDataObject[];
	/** Pages requested (retries of one page not counted). */
	pages: number;
	/** Records dropped because an earlier page had listed the same id. */
	repeats: number;
}

/** The bounds of one listing; tests set small ones. */
export interface PagingBounds {
	maxPages?: number;
	maxRecords?: number;
	/** What the error says to do when the listing passes `maxRecords`. */
	tooManyAdvice?: string;
}

const getManyAdvice = (many: string) =>
	`Narrow the search with Filters (a date range, a status, a customer), or turn Return All off and work through the ${many} in batches with Limit.`;

/** The id a record is known by; a record without one is known by its whole content. */
function keyOf(record: IDataObject, idField: string): string {
	const id = record?.[idField];
	if (typeof id === 'string' || typeof id === 'number') return `id:${id}`;
	return `record:${JSON.stringify(record)}`;
}

/**
 * Every page of a list, through the item's `send` (so pacing, retries and error mapping apply
 * to every page), until the provider says there are no more or `limit` records are in hand
 * (`undefined`: no limit). Pages are asked at the provider's largest size, or smaller when the
 * limit needs fewer.
 *
 * Each record is kept once: a provider that lists a record again (offsets shifted by a change
 * during the listing, an ignored offset) must not hand the next node the same invoice twice.
 * The run fails with a clear error instead of looping when the provider is not advancing: a
 * next position it has already been at, or a page of nothing but records already listed. It
 * also fails past `MAX_RECORDS` records, before they exhaust the execution's memory.
 */
export async function fetchPages<Position extends string | number>(
	context: OperationContext,
	endpoint: ListEndpoint<Position>,
	limit: number | undefined,
	{ maxPages = MAX_PAGES, maxRecords = MAX_RECORDS, tooManyAdvice }: PagingBounds = {},
): Promise<Listing> {
	const provider = context.provider.displayName;
	const [one, many] = endpoint.noun ?? INVOICE.noun;
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	const visited = new Set<Position>();
	let position: Position | undefined;
	let pages = 0;
	let repeats = 0;
	const full = () => limit !== undefined && records.length >= limit;
	for (;;) {
		if (pages >= maxPages) {
			context.refuse(
				`${provider} still had more ${many} after ${maxPages} pages; Get Many stops there`,
				'Narrow the search with Filters, or run Get Many in several parts (e.g. by date).',
			);
		}
		const pageSize = limit === undefined ? endpoint.maxPageSize : Math.min(endpoint.maxPageSize, limit - records.length);
		const response = await context.send(endpoint.request(position, pageSize));
		pages++;
		const page = endpoint.read(response.body, position, context);
		let fresh = 0;
		for (const record of page.records) {
			if (full()) break;
			const key = keyOf(record, endpoint.idField);
			if (seen.has(key)) {
				repeats++;
				continue;
			}
			seen.add(key);
			records.push(record);
			fresh++;
			if (records.length > maxRecords) {
				context.refuse(
					`${provider} has more than ${maxRecords.toLocaleString('en-US')} ${many} for this search; the node holds at most ${maxRecords.toLocaleString('en-US')} in one execution and stops here, before they fill its memory`,
					tooManyAdvice ?? getManyAdvice(many),
				);
			}
		}
		if (page.next === undefined || full()) return { records, pages, repeats };
		if (page.next === position || visited.has(page.next)) {
			context.refuse(
				`${provider} answered page ${pages} of the ${one} list with a next page position it had already given (${String(page.next)}); Get Many stops instead of reading the same pages again`,
				'The provider is not advancing through the list. Try again later; if it persists, narrow the search with Filters.',
			);
		}
		if (fresh === 0 && page.records.length > 0) {
			context.refuse(
				`${provider} answered page ${pages} of the ${one} list with only ${many} an earlier page had listed (${page.records.length} repeated, none new); Get Many stops instead of reading the same ${many} again`,
				`${provider} is repeating records under a new page position, so it is not advancing through the list. Try again later; if it persists, narrow the search with Filters so that fewer pages hold it.`,
			);
		}
		if (position !== undefined) visited.add(position);
		position = page.next;
	}
}

/** A Get Many's result: every record its own output item, and how many repeats were dropped. */
export function listingResult({ records, repeats }: Listing): OperationResult {
	return { response: null, items: records, repeatsDropped: repeats };
}

/** The array at `key` of a list answer (a list of `one`s), refused when the answer has another shape. */
export function recordsAt(body: unknown, key: string, context: ListReadContext, one = INVOICE.noun[0]): IDataObject[] {
	const records = (body as IDataObject | null)?.[key];
	if (!Array.isArray(records)) {
		context.refuse(`${context.provider.displayName} answered the ${one} list without a "${key}" list`);
	}
	return records as IDataObject[];
}
