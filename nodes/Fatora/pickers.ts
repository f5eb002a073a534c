import { invoiceEntryName, type Picker } from '../shared/locator';
import { invoiceList } from './actions/invoice/getAll.operation';

const PAGE_SIZE = 50;

/**
 * Fatora's invoices, searched by its own `keyword` (number or client). The answer's shape is read
 * as Get Many reads it (getAll.operation.ts); amounts are in the currency's main unit. No By URL:
 * Fatora documents no URL form for an invoice in its app.
 */
export const invoicePicker: Picker = {
	method: 'searchInvoices',
	what: 'invoices',
	one: 'an invoice',
	pageSize: PAGE_SIZE,
	idPlaceholder: 'e.g. 1042, or {{ $json.id }}',
	endpoint: (_context, filter) => invoiceList({ keyword: filter }, PAGE_SIZE),
	entry(invoice) {
		const id = String(invoice.id);
		const total = Number(invoice.total);
		return {
			name: invoiceEntryName({
				id,
				number: invoice.number,
				customer: invoice.client_name ?? invoice.client_email,
				amount: invoice.total !== undefined && invoice.total !== null && Number.isFinite(total) ? total : undefined,
				currency: invoice.currency,
				status: invoice.payment_status ?? invoice.status,
				date: invoice.issue_date ?? invoice.date,
			}),
			value: id,
		};
	},
};
