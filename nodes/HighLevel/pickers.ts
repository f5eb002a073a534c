import type { IDataObject } from 'n8n-workflow';

import { invoiceEntryName, type Picker } from '../shared/locator';
import { invoiceList, locationScope, scheduleList } from './request';

/**
 * The location's invoices (the node's Location ID, else the credential's), searched by HighLevel's
 * own `search` (name, number or id). HighLevel amounts are in the currency's main unit. No By URL:
 * HighLevel documents no URL form for an invoice in its app.
 */
export const invoicePicker: Picker = {
	method: 'searchInvoices',
	what: 'invoices',
	one: 'an invoice',
	pageSize: 50,
	idPlaceholder: 'e.g. 6578278e879ad2646715ba9c, or {{ $json._id }}',
	async endpoint(context, filter) {
		return invoiceList({ ...(await locationScope(context)), search: filter });
	},
	entry(invoice) {
		const contact = (invoice.contactDetails ?? {}) as IDataObject;
		const id = String(invoice._id);
		return {
			name: invoiceEntryName({
				id,
				number: invoice.invoiceNumber,
				customer: contact.name ?? contact.email,
				amount: typeof invoice.total === 'number' ? invoice.total : undefined,
				currency: invoice.currency,
				status: invoice.status,
				date: invoice.issueDate,
			}),
			value: id,
		};
	},
};

/**
 * The location's recurring invoice schedules, searched by HighLevel's `search`. No By URL, as for
 * invoices.
 */
export const schedulePicker: Picker = {
	method: 'searchSchedules',
	what: 'invoice schedules',
	one: 'an invoice schedule',
	pageSize: 50,
	idPlaceholder: 'e.g. 6578278e879ad2646715ba9d, or {{ $json._id }}',
	async endpoint(context, filter) {
		return scheduleList({ ...(await locationScope(context)), search: filter });
	},
	entry(schedule) {
		const contact = (schedule.contactDetails ?? {}) as IDataObject;
		const id = String(schedule._id);
		return {
			name: invoiceEntryName({
				id,
				number: schedule.name,
				customer: contact.name ?? contact.email,
				amount: typeof schedule.total === 'number' ? schedule.total : undefined,
				currency: schedule.currency,
				status: schedule.status,
				date: schedule.createdAt,
			}),
			value: id,
		};
	},
};
