import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
	type INodeProperties,
	type INodePropertyMode,
} from 'n8n-workflow';

import { ParameterError } from './coerce';
import type { ListEndpoint, ListReadContext } from './paging';
import { Transport } from './transport';
import type { OperationContext, Provider } from './types';

/**
 * Node version 2 turns the parameters that name one record (the invoice, ChartMogul's data source
 * and customer) into n8n resource locators: From List (a `listSearch` method), By ID, and By URL
 * where the provider's web app has a URL form for the record. Version 1 keeps the plain strings
 * that workflows saved before were made with. Which parameter is which is data: a `Picker` per
 * parameter and provider, read by the shared description builder and the item runner. Each node
 * says `version: [1, 2], defaultVersion: 2` itself, as n8n's lint reads it there.
 */
/** Shown only on version 1 / on every version from the locator's on. */
const ON_VERSION_1 = { show: { '@version': [1] } };
const FROM_LOCATOR_VERSION = { hide: { '@version': [1] } };

/**
 * A URL form of a provider's web app for one kind of record, kept in one place with its source.
 * `regex` has exactly one group, the record's id (n8n's `extractValue` rule).
 */
export interface UrlForm {
	/** The form as the user reads it in messages: `https://{site}.chargebee.com/d/invoices/{id}`. */
	form: string;
	regex: string;
	placeholder: string;
	/**
	 * Why the URL cannot name a record of the account the credential reaches (another site), or
	 * undefined when it can.
	 */
	refusal?(url: string, credentials: ICredentialDataDecryptedObject): string | undefined;
	/** The record's URL in the web app, linked from the list's entries. */
	of?(id: string, credentials: ICredentialDataDecryptedObject): string | undefined;
}

/** What a picker's list needs: the parameters and credential of the node being edited. */
export type PickerContext = Pick<OperationContext, 'provider' | 'param' | 'credentials' | 'refuse'>;

/** One parameter that names a record the provider can list. */
export interface Picker {
	/** The `listSearch` method (the node's `methods.listSearch` key). */
	method: string;
	/** What the list holds, plural, as messages say it: `invoices`, `data sources`. */
	what: string;
	/** One of them, for the placeholder: `an invoice`. */
	one: string;
	/**
	 * The provider's list endpoint for what the user typed in the search box (`undefined`: nothing
	 * typed). A provider without a search gets the text too, to choose an endpoint by it.
	 */
	endpoint(context: PickerContext, filter: string | undefined): ListEndpoint<string | number> | Promise<ListEndpoint<string | number>>;
	/** Records per page of the list. */
	pageSize: number;
	/**
	 * Where the provider does not search by the text: whether a record matches it, page by page.
	 * Absent: the provider's own search (in `endpoint`) decides.
	 */
	matches?(record: IDataObject, filter: string): boolean;
	/** The list entry of a record: what the user recognises it by, and the value the node acts on. */
	entry(record: IDataObject, context: PickerContext): INodeListSearchItems | Promise<INodeListSearchItems>;
	/** By URL, where the provider's web app has a URL form for the record. */
	url?: UrlForm;
	/** The By ID placeholder, with a real example. */
	idPlaceholder: string;
}

/** Whether a parameter value is a resource locator's (`{__rl: true, mode, value}`). */
export function isLocatorValue(value: unknown): value is { __rl: true; mode: string; value: unknown } {
	return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true;
}

/**
 * A parameter value with a locator unwrapped to its value: what n8n's `extractValue` gives for
 * the modes without a URL (list and id), and a plain string (version 1) as it is.
 */
export function locatorValue(value: unknown): unknown {
	return isLocatorValue(value) ? value.value : value;
}

/** A percent-encoded URL part decoded, or undefined when it is not valid percent-encoding. */
function decoded(part: string): string | undefined {
	try {
		return decodeURIComponent(part);
	} catch {
		return undefined;
	}
}

/** A URL form's pattern with what may follow the id: a sub-page, a query, a fragment. */
const URL_TAIL = (regex: string) => `${regex}(?:[/?#].*)?`;

/** The id a By URL value names; refuses a URL of another form or account, naming the expected form. */
export function idOfUrl(url: unknown, form: UrlForm, displayName: string, credentials: ICredentialDataDecryptedObject): string {
	const text = typeof url === 'string' ? url.trim() : '';
	const match = new RegExp(`^${URL_TAIL(form.regex)}$`, 'i').exec(text);
	if (!match) {
		throw new ParameterError(displayName, `The ${displayName} URL "${text.slice(0, 120)}" is not one this node reads: expected ${form.form}`);
	}
	const refusal = form.refusal?.(text, credentials);
	if (refusal) throw new ParameterError(displayName, `The ${displayName} URL "${text.slice(0, 120)}" ${refusal}: expected ${form.form}`);
	const id = decoded(match[1]);
	if (id === undefined) {
		throw new ParameterError(displayName, `The ${displayName} URL "${text.slice(0, 120)}" holds an id that is not valid percent-encoding: expected ${form.form}`);
	}
	return id;
}

/**
 * A mode's label. (Spread into the modes, which have no `default`: a literal with displayName,
 * name and type reads to n8n's lint as a parameter missing one.)
 */
const labelled = (displayName: string) => ({ displayName });

function modes(picker: Picker): INodePropertyMode[] {
	const list: INodePropertyMode = {
		...labelled('From List'),
		name: 'list',
		type: 'list',
		placeholder: `Select ${picker.one}...`,
		typeOptions: { searchListMethod: picker.method, searchable: true, searchFilterRequired: false },
	};
	const id: INodePropertyMode = { ...labelled('By ID'), name: 'id', type: 'string', placeholder: picker.idPlaceholder };
	if (!picker.url) return [list, id];
	const { url: form } = picker;
	const url: INodePropertyMode = {
		...labelled('By URL'),
		name: 'url',
		type: 'string',
		placeholder: form.placeholder,
		// n8n anchors the validation (^...$) and checks it in the editor and before a manual run.
		validation: [{ type: 'regex', properties: { regex: URL_TAIL(form.regex), errorMessage: `Expected ${form.form}` } }],
		extractValue: { type: 'regex', regex: form.regex },
	};
	return [list, id, url];
}

/**
 * A parameter as each node version has it: version 1 the given property unchanged (a plain
 * string), later versions the same name as a resource locator with the picker's modes. Other
 * `displayOptions` of the property apply to both.
 */
export function versionedPicker(property: INodeProperties, picker: Picker | undefined): INodeProperties[] {
	if (!picker) return [property];
	const { show, hide } = property.displayOptions ?? {};
	const v1: INodeProperties = { ...property, displayOptions: { ...property.displayOptions, show: { ...show, ...ON_VERSION_1.show } } };
	const v2: INodeProperties = {
		...property,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: modes(picker),
		displayOptions: { ...property.displayOptions, hide: { ...hide, ...FROM_LOCATOR_VERSION.hide } },
	};
	// Each mode has its own placeholder.
	delete v2.placeholder;
	return [v1, v2];
}

/** The `methods.listSearch` of a node: each picker's list, through the shared transport. */
export function listSearchMethods(
	provider: Provider,
	pickers: Picker[],
): Record<string, (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>> {
	return Object.fromEntries(
		pickers.map((picker) => [
			picker.method,
			async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
				return await searchList(this, provider, picker, filter, paginationToken);
			},
		]),
	);
}

/**
 * One page of a picker's list. The request goes through the shared transport (credential,
 * redirects refused, retries, redaction), so a refused key reads as it does when the node runs:
 * "ChartMogul could not list data sources: No valid API key provided (HTTP 401)". The page
 * position travels as n8n's pagination token (JSON of the provider's cursor, offset or page).
 */
export async function searchList(
	context: ILoadOptionsFunctions,
	provider: Provider,
	picker: Picker,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const transport = new Transport(context, provider);
	const refuse = (message: string, description?: string): never => {
		throw new NodeOperationError(context.getNode(), message, { description });
	};
	const pickerContext: PickerContext = {
		provider,
		param: <T>(name: string, fallback?: T) => locatorValue(context.getNodeParameter(name, fallback)) as T,
		credentials: async () => await transport.credentialsFor(0),
		refuse,
	};
	const text = filter?.trim() || undefined;
	const endpoint = await picker.endpoint(pickerContext, text);
	const position = positionOf(paginationToken, refuse);
	const response = await transport.send(
		endpoint.request(position, Math.min(picker.pageSize, endpoint.maxPageSize)),
		{ itemIndex: 0, action: `list ${picker.what}` },
		() => undefined,
	);
	const readContext: ListReadContext = { provider, refuse };
	const page = endpoint.read(response.body, position, readContext);
	const records = text && picker.matches ? page.records.filter((record) => picker.matches!(record, text)) : page.records;
	const results = await Promise.all(records.map(async (record) => await picker.entry(record, pickerContext)));
	return { results, paginationToken: page.next === undefined || page.next === position ? undefined : JSON.stringify(page.next) };
}

function positionOf(token: string | undefined, refuse: (message: string) => never): string | number | undefined {
	if (token === undefined || token === '') return undefined;
	try {
		const position = JSON.parse(token) as unknown;
		if (typeof position === 'string' || typeof position === 'number') return position;
	} catch {
		// Falls through to the refusal below.
	}
	return refuse('The list could not continue: its page position is not one this node gave');
}

/** Whether any of `texts` contains `filter`, ignoring case: a search where the provider has none. */
export function someContains(filter: string, ...texts: unknown[]): boolean {
	const wanted = filter.toLowerCase();
	return texts.some((text) => (typeof text === 'string' || typeof text === 'number') && String(text).toLowerCase().includes(wanted));
}

/** What an invoice's list entry shows, each part where the provider gives it. */
export interface InvoiceSummary {
	id: string;
	/** The invoice number users see on the invoice, when it is not the id. */
	number?: unknown;
	customer?: unknown;
	/** The total in the currency's main unit (dollars, not cents). */
	amount?: number;
	currency?: unknown;
	status?: unknown;
	/** ISO date or date-time; shown as its day. */
	date?: unknown;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** `12.50 USD`; an unknown currency code keeps two decimals. */
export function amountText(amount: number | undefined, currency: unknown): string | undefined {
	if (amount === undefined || !Number.isFinite(amount)) return undefined;
	const code = text(currency)?.toUpperCase();
	return `${amount.toFixed(fractionDigits(code))}${code ? ` ${code}` : ''}`;
}

/** The currency's minor-unit digits (JPY 0, USD 2, KWD 3). */
export function fractionDigits(currency: string | undefined): number {
	if (!currency) return 2;
	try {
		return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
	} catch {
		return 2;
	}
}

/** An amount in minor units (cents) in the currency's main unit. */
export function fromMinorUnits(amount: unknown, currency: unknown): number | undefined {
	if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
	return amount / 10 ** fractionDigits(text(currency)?.toUpperCase());
}

/** `INV-00042 · Client 2 · 150.00 USD · unpaid · 2026-01-02`: the entry's name. */
export function invoiceEntryName(invoice: InvoiceSummary): string {
	const day = text(invoice.date)?.slice(0, 10);
	const number = text(invoice.number);
	const parts = [
		number && number !== invoice.id ? `${number} (${invoice.id})` : invoice.id,
		text(invoice.customer),
		amountText(invoice.amount, invoice.currency),
		text(invoice.status)?.replace(/_/g, ' '),
		day,
	];
	return parts.filter((part) => part !== undefined).join(' · ');
}
