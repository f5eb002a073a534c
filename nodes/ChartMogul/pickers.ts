import type { IDataObject } from 'n8n-workflow';

import { fromMinorUnits, invoiceEntryName, someContains, type Picker } from '../shared/locator';
import { recordsAt, type ListEndpoint } from '../shared/paging';
import { invoiceList } from './request';

/** ChartMogul's longest list page is 200; the pickers ask fewer so that the first page comes fast. */
const PAGE_SIZE = 50;

/** The invoice's total: ChartMogul gives its line items' amounts in cents. */
function totalOf(invoice: IDataObject): number | undefined {
	const lines = Array.isArray(invoice.line_items) ? (invoice.line_items as IDataObject[]) : [];
	const cents = lines.map((line) => line.amount_in_cents).filter((amount): amount is number => typeof amount === 'number');
	return cents.length ? fromMinorUnits(cents.reduce((sum, amount) => sum + amount, 0), invoice.currency) : undefined;
}

/**
 * ChartMogul's invoices. With Invoice ID Type "External ID" the entry's value is the external id
 * and the list keeps to the chosen data source. ChartMogul's invoice list has no text search:
 * what the user types is matched against each page's UUIDs, external ids and customers.
 */
export const invoicePicker: Picker = {
	method: 'searchInvoices',
	what: 'invoices',
	one: 'an invoice',
	pageSize: PAGE_SIZE,
	idPlaceholder: 'e.g. inv_565c73b2-85b9-49c9-a25e-2b7df6a677c9, or {{ $json.uuid }}',
	endpoint(context) {
		const byExternalId = context.param<string>('invoiceIdType', 'uuid') === 'externalId';
		const dataSource = byExternalId ? String(context.param<unknown>('dataSourceUuid', '') ?? '').trim() : '';
		// An external id names an invoice only within its data source: listing every source's would
		// let the user pick one invoice while the node acts on another source's namesake.
		if (byExternalId && !dataSource) {
			return context.refuse(
				'Choose the Data Source first: with Invoice ID Type "External ID" the list shows the invoices of that data source',
				'An external ID names an invoice only within its data source.',
			);
		}
		return invoiceList(dataSource ? { data_source_uuid: dataSource } : {});
	},
	matches: (invoice, filter) => someContains(filter, invoice.uuid, invoice.external_id, invoice.customer_uuid),
	entry(invoice, context) {
		const byExternalId = context.param<string>('invoiceIdType', 'uuid') === 'externalId';
		const uuid = String(invoice.uuid);
		return {
			name: invoiceEntryName({
				id: uuid,
				number: invoice.external_id,
				customer: invoice.customer_uuid,
				amount: totalOf(invoice),
				currency: invoice.currency,
				status: invoice.status,
				date: invoice.date,
			}),
			value: byExternalId ? String(invoice.external_id) : uuid,
		};
	},
};

/** `GET /v1/data_sources`: every data source in one answer (`{data_sources: [...]}`), no paging. */
const dataSourceList: ListEndpoint<string> = {
	maxPageSize: PAGE_SIZE,
	idField: 'uuid',
	request: () => ({ method: 'GET', path: ['data_sources'] }),
	read: (body, _position, context) => ({ records: recordsAt(body, 'data_sources', context), next: undefined }),
};

/** The account's data sources by name, billing system and status; typed text matched against them. */
export const dataSourcePicker: Picker = {
	method: 'searchDataSources',
	what: 'data sources',
	one: 'a data source',
	pageSize: PAGE_SIZE,
	idPlaceholder: 'e.g. ds_35542640-d9f1-11ed-9c30-7727168c74a5',
	endpoint: () => dataSourceList,
	matches: (source, filter) => someContains(filter, source.name, source.system, source.uuid),
	entry(source) {
		const uuid = String(source.uuid);
		const about = [source.system, source.status].filter((part) => typeof part === 'string' && part !== '').join(', ');
		return { name: `${String(source.name ?? uuid)}${about ? ` (${about})` : ''}`, value: uuid };
	},
};

/**
 * `GET /v1/customers` (in the chosen data source where there is one), or ChartMogul's customer
 * search `GET /v1/customers/search?email=` for text that is an email; both paged with
 * `per_page` and `cursor` (`{entries, has_more, cursor}`).
 */
function customerList(query: IDataObject, search: boolean): ListEndpoint<string> {
	return {
		maxPageSize: PAGE_SIZE,
		idField: 'uuid',
		request: (cursor, perPage) => ({
			method: 'GET',
			path: search ? ['customers', 'search'] : ['customers'],
			query: { ...query, per_page: perPage, cursor },
		}),
		read(body, _cursor, context) {
			const records = recordsAt(body, 'entries', context);
			const { has_more: hasMore, cursor } = body as { has_more?: unknown; cursor?: unknown };
			return { records, next: hasMore === true && typeof cursor === 'string' && cursor !== '' ? cursor : undefined };
		},
	};
}

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+$/.test(text);

/** Customers by name, email and UUID; an email typed in full is ChartMogul's own search. */
export const customerPicker: Picker = {
	method: 'searchCustomers',
	what: 'customers',
	one: 'a customer',
	pageSize: PAGE_SIZE,
	idPlaceholder: 'e.g. cus_f466e33d-ff2b-4a11-8f85-417eb02157a7',
	endpoint(context, filter) {
		if (filter && looksLikeEmail(filter)) return customerList({ email: filter }, true);
		const dataSource = String(context.param<unknown>('dataSourceUuid', '') ?? '').trim();
		return customerList(dataSource ? { data_source_uuid: dataSource } : {}, false);
	},
	matches: (customer, filter) =>
		looksLikeEmail(filter) || someContains(filter, customer.name, customer.email, customer.uuid, customer.external_id),
	entry(customer) {
		const uuid = String(customer.uuid);
		const parts = [customer.name, customer.email].filter((part) => typeof part === 'string' && part !== '');
		return { name: parts.length ? `${parts.join(' · ')} (${uuid})` : uuid, value: uuid };
	},
};
