import type { IDataObject } from 'n8n-workflow';

import { fromMinorUnits, invoiceEntryName, type Picker } from '../shared/locator';
import { chargebeeHeaders } from './options';
import { chargebeeInvoiceUrl } from './provider';
import { invoiceList } from './request';

/** Chargebee dates are Unix seconds. */
const isoOf = (seconds: unknown) => (typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined);

/**
 * Invoices, newest pages as Chargebee lists them, searched by the start of the id
 * (`id[starts_with]`, Chargebee's own filter). The Options' business entity and origin headers
 * go with the list as with every read.
 */
export const invoicePicker: Picker = {
	method: 'searchInvoices',
	what: 'invoices',
	one: 'an invoice',
	pageSize: 50,
	idPlaceholder: 'e.g. inv_0042, or {{ $json.content.invoice.id }}',
	endpoint(context, filter) {
		const headers = chargebeeHeaders(context.param<IDataObject>('options', {}) ?? {}, false);
		return invoiceList(filter ? { 'id[starts_with]': filter } : {}, headers);
	},
	async entry(invoice, context) {
		const id = String(invoice.id);
		return {
			name: invoiceEntryName({
				id,
				customer: invoice.customer_id,
				amount: fromMinorUnits(invoice.total, invoice.currency_code),
				currency: invoice.currency_code,
				status: invoice.status,
				date: isoOf(invoice.date),
			}),
			value: id,
			url: chargebeeInvoiceUrl.of?.(id, await context.credentials()),
		};
	},
	url: chargebeeInvoiceUrl,
};
