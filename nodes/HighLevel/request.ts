import type { IDataObject } from 'n8n-workflow';

import { recordsAt, type ListEndpoint } from '../shared/paging';
import { INVOICE } from '../shared/resources';
import type { OperationContext } from '../shared/types';
import { ALT_TYPE, INVOICE_SCHEDULE } from './options';

/** What finding the location needs: an item's context, or the editor's for a picker's list. */
type LocationContext = Pick<OperationContext, 'param' | 'credentials' | 'refuse'>;

function text(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	return '';
}

/**
 * The location the item acts in: the Location ID parameter, else the token credential's
 * `locationId`, else the `locationId` HighLevel put in the OAuth2 token. Refuses the item
 * before any request when there is none, since HighLevel cannot find an invoice without it.
 */
async function locationIdOf(context: LocationContext): Promise<string> {
	const given = text(context.param<unknown>('altId', ''));
	if (given) return given;
	const credentials = await context.credentials();
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const fallback = text(credentials.locationId) || text(tokenData.locationId);
	if (fallback) return fallback;
	return context.refuse(
		'No HighLevel location: the parameter "Location ID" is empty and the credential has none',
		'Set "Location ID" (altId) on the node, give the Private Integration credential its Location ID, or connect the OAuth2 credential to a sub-account (an agency-level connection carries no location).',
	);
}

/** `altId` and `altType` for the item, checked before any request (a dry run included). */
export async function locationScope(context: LocationContext): Promise<{ altId: string; altType: string }> {
	const altType = text(context.param<unknown>('altType', ALT_TYPE)) || ALT_TYPE;
	if (altType !== ALT_TYPE) {
		context.refuse(`The parameter "Alt Type" is "${altType}"; HighLevel accepts only "${ALT_TYPE}"`);
	}
	return { altId: await locationIdOf(context), altType };
}

/** The check every HighLevel operation runs before any request. */
export async function validateLocation(context: OperationContext): Promise<void> {
	await locationScope(context);
}

/** `GET /invoices/{id}`: the invoice as HighLevel has it now. */
export async function currentInvoice(context: OperationContext): Promise<IDataObject | null> {
	const response = await context.send({
		method: 'GET',
		path: ['invoices', context.invoiceId],
		query: await locationScope(context),
	});
	return response.body as IDataObject | null;
}

/** `GET /invoices/schedule/{id}`: the recurring invoice schedule as HighLevel has it now. */
export async function currentSchedule(context: OperationContext): Promise<IDataObject | null> {
	const response = await context.send({
		method: 'GET',
		path: ['invoices', 'schedule', context.invoiceId],
		query: await locationScope(context),
	});
	return response.body as IDataObject | null;
}

/**
 * The page size asked for. HighLevel documents no maximum for `limit`; 100 is the cap of its
 * other v2 list endpoints, so a larger page is not risked.
 */
const PAGE_SIZE = 100;

/**
 * A HighLevel list with `query` (the location scope and filters), paged by `limit` and `offset`
 * (text, as the spec types them) until the answer's `total`: `{invoices, total}` or
 * `{schedules, total}`.
 */
function offsetList(
	query: IDataObject,
	list: { path: string[]; key: string; noun: readonly [string, string]; trailingSlash?: boolean },
): ListEndpoint<number> {
	const [one] = list.noun;
	return {
		maxPageSize: PAGE_SIZE,
		idField: '_id',
		noun: list.noun,
		request: (offset, limit) => ({
			method: 'GET',
			path: list.path,
			...(list.trailingSlash ? { trailingSlash: true } : {}),
			query: { ...query, limit: String(limit), offset: String(offset ?? 0) },
		}),
		read(body, offset, readContext) {
			const records = recordsAt(body, list.key, readContext, one);
			const total = (body as { total?: unknown }).total;
			if (typeof total !== 'number' || !Number.isFinite(total)) {
				return readContext.refuse(`HighLevel answered the ${one} list without its total`);
			}
			const next = (offset ?? 0) + records.length;
			return { records, next: next < total ? next : undefined };
		},
	};
}

/** `GET /invoices/`: Get Many and the invoice picker. */
export function invoiceList(query: IDataObject): ListEndpoint<number> {
	return offsetList(query, { path: ['invoices'], key: 'invoices', noun: INVOICE.noun, trailingSlash: true });
}

/** `GET /invoices/schedule`: Get Many of invoice schedules. */
export function scheduleList(query: IDataObject): ListEndpoint<number> {
	return offsetList(query, { path: ['invoices', 'schedule'], key: 'schedules', noun: INVOICE_SCHEDULE.noun });
}
