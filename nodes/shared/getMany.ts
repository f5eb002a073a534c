import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toBoolean, toNumber } from './coerce';
import { locatorValue } from './locator';
import type { OperationContext } from './types';

/**
 * Get Many's description in the Operation list (also what an AI agent reads): read-only, the
 * safe first step; `feeds` names the node's own changes, e.g. `Delete or Void`.
 */
export function getManyDescription(records: string, feeds: string, one = 'invoice'): string {
	return `Read-only, the safe first step: find ${records} by filters (50 by default, or every page with Return All), one item per ${one} to feed ${feeds}`;
}

/** Return All, Limit and the provider's Filters, in the order n8n's own Get Many shows them. */
export function getManyProperties(filters: INodeProperties[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			default: 50,
			description: 'Max number of results to return',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: 'Narrow the search; several filters must all match',
			options: [...filters].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/**
 * How many records to return: `undefined` with Return All, else Limit (a whole number >= 1). A
 * refused value throws `coerce.ts`'s ParameterError, which the item runner turns into this item's
 * error naming the parameter.
 */
export function limitOf(context: OperationContext): number | undefined {
	if (toBoolean(context.param<unknown>('returnAll', false), 'Return All')) return undefined;
	return toNumber(context.param<unknown>('limit', 50), 'Limit', { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true }, 50);
}

/** The Filters collection of this item. */
export function filtersOf(context: OperationContext): IDataObject {
	const filters = context.param<unknown>('filters', {});
	if (filters === null || filters === undefined) return {};
	if (typeof filters !== 'object' || Array.isArray(filters)) context.refuse('The parameter "Filters" must be a collection');
	// A filter picked from a list (node version 2) is its locator's value.
	return Object.fromEntries(Object.entries(filters).map(([name, value]) => [name, locatorValue(value)])) as IDataObject;
}

/** A text filter, trimmed; `undefined` when not set or empty. Numbers are read as their text. */
export function textFilter(context: OperationContext, filters: IDataObject, name: string, displayName: string): string | undefined {
	const value = filters[name];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') context.refuse(`The filter "${displayName}" must be text`);
	const text = value.trim();
	return text === '' ? undefined : text;
}

/** A boolean filter (text "true" / "false" accepted); `false` when not set. */
export function booleanFilter(filters: IDataObject, name: string, displayName: string): boolean {
	return toBoolean(filters[name] ?? undefined, displayName);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO 8601 date or date-time; read as UTC without a zone; `undefined` when not one. */
function dateOfText(text: string): Date | undefined {
	const match = ISO_DATE.exec(text);
	if (!match) return undefined;
	const [, year, month, day, time, zone] = match;
	const date = new Date(`${year}-${month}-${day}${time ?? 'T00:00:00'}${zone ?? 'Z'}`);
	if (Number.isNaN(date.getTime())) return undefined;
	// `new Date` rolls 2026-02-30 over to March 2: an impossible day is refused instead.
	const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	if (calendar.getUTCDate() !== Number(day) || calendar.getUTCMonth() + 1 !== Number(month)) return undefined;
	return date;
}

/**
 * A date filter as a moment in time; `undefined` when not set or empty. Text is an ISO 8601
 * date or date-time; without a time zone (what n8n's date picker gives) it is read as UTC, so a
 * workflow means the same on every server. A Date or a Luxon DateTime (`{{ $now }}`) is taken
 * as is. Anything else, or an impossible date (2026-02-30), is refused naming the filter.
 */
export function dateFilter(context: OperationContext, filters: IDataObject, name: string, displayName: string): Date | undefined {
	const value: unknown = filters[name];
	if (value === undefined || value === null || value === '') return undefined;
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		date = new Date(String((value as { toISO: () => string }).toISO()));
	} else if (typeof value === 'string') {
		date = dateOfText(value.trim());
	}
	if (!date || Number.isNaN(date.getTime())) {
		context.refuse(
			`The filter "${displayName}" is not a date (got ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value})`,
			'Give an ISO 8601 date such as 2026-11-01 or 2026-11-01T08:00:00Z, or pick one in the date picker.',
		);
	}
	return date;
}

/** `YYYY-MM-DD` of a date in UTC. */
export function ymd(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** Unix seconds of a date. */
export function unixSeconds(date: Date): number {
	return Math.floor(date.getTime() / 1000);
}

/**
 * The selected statuses: a list (the UI's multi-select) or, from an expression, text with
 * comma-separated values. Each must be one of `allowed`; an unknown one is refused naming it.
 */
export function statusFilter(
	context: OperationContext,
	filters: IDataObject,
	name: string,
	displayName: string,
	allowed: readonly string[],
): string[] {
	const value = filters[name];
	if (value === undefined || value === null || value === '') return [];
	const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
	const statuses = raw.map((status) => (typeof status === 'string' ? status.trim() : status)).filter((status) => status !== '');
	for (const status of statuses) {
		if (typeof status !== 'string' || !allowed.includes(status)) {
			context.refuse(
				`The filter "${displayName}" has an unknown value ${typeof status === 'string' ? `"${status.slice(0, 40)}"` : typeof status}`,
				`${context.provider.displayName} knows: ${allowed.join(', ')}.`,
			);
		}
	}
	return [...new Set(statuses as string[])];
}

/** A short summary of the filters in use, for error messages ("status=paid, customerId=c_1"), about `many`. */
export function filterSummary(filters: IDataObject, many = 'invoices'): string {
	const parts = Object.entries(filters)
		.filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
		.map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('|') : String(value)}`);
	return parts.length ? `${many} with ${parts.join(', ')}`.slice(0, 200) : `all ${many}`;
}

/**
 * A date filter for a provider that takes a calendar day: the day as written (`2026-11-01` of
 * `2026-11-01T23:00:00-05:00`), else the UTC day of a Date or DateTime. Checked as `dateFilter`.
 */
export function dayFilter(context: OperationContext, filters: IDataObject, name: string, displayName: string): string | undefined {
	const date = dateFilter(context, filters, name, displayName);
	if (!date) return undefined;
	const value = filters[name];
	return typeof value === 'string' ? value.trim().slice(0, 10) : ymd(date);
}

/** A text filter that must be one of `allowed`; an unknown value is refused naming the filter. */
export function choiceFilter(
	context: OperationContext,
	filters: IDataObject,
	name: string,
	displayName: string,
	allowed: readonly string[],
): string | undefined {
	const value = textFilter(context, filters, name, displayName);
	if (value !== undefined && !allowed.includes(value)) {
		context.refuse(`The filter "${displayName}" has an unknown value "${value.slice(0, 40)}"`, `${context.provider.displayName} knows: ${allowed.join(', ')}.`);
	}
	return value;
}
