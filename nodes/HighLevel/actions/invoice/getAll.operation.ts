import type { IDataObject } from 'n8n-workflow';

import { dayFilter, filterSummary, filtersOf, getManyDescription, getManyProperties, limitOf, textFilter } from '../../../shared/getMany';
import { fetchPages, listingResult } from '../../../shared/paging';
import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { locationProperties } from '../../options';
import { invoiceList, locationScope } from '../../request';

/** HighLevel's invoice statuses (apps/invoices.json). */
const STATUSES = ['draft', 'sent', 'payment_processing', 'paid', 'void', 'partially_paid'];

const PAYMENT_MODES = ['live', 'test'];

function oneOf(context: OperationContext, filters: IDataObject, name: string, displayName: string, allowed: string[]) {
	const value = textFilter(context, filters, name, displayName);
	if (value !== undefined && !allowed.includes(value)) {
		context.refuse(`The filter "${displayName}" has an unknown value "${value.slice(0, 40)}"`, `HighLevel knows: ${allowed.join(', ')}.`);
	}
	return value;
}

function filterQuery(context: OperationContext): IDataObject {
	const filters = filtersOf(context);
	return {
		status: oneOf(context, filters, 'status', 'Status', STATUSES),
		contactId: textFilter(context, filters, 'contactId', 'Contact ID'),
		startAt: dayFilter(context, filters, 'startAt', 'Start At'),
		endAt: dayFilter(context, filters, 'endAt', 'End At'),
		search: textFilter(context, filters, 'search', 'Search'),
		paymentMode: oneOf(context, filters, 'paymentMode', 'Payment Mode', PAYMENT_MODES),
	};
}

export const getAllOperation: InvoiceOperation = {
	...verb('getAll', getManyDescription('HighLevel invoices of a location', 'Delete or Void')),
	properties: [
		...locationProperties,
		...getManyProperties([
			{
				displayName: 'Contact ID',
				name: 'contactId',
				type: 'string',
				default: '',
				placeholder: 'e.g. nmFmQEsNgz6AVpgLVUJ0',
				description: "Only this contact's invoices (contactId)",
			},
			{
				displayName: 'End At',
				name: 'endAt',
				type: 'dateTime',
				default: '',
				description: 'Only invoices issued up to this day (endAt, sent as YYYY-MM-DD)',
			},
			{
				displayName: 'Payment Mode',
				name: 'paymentMode',
				type: 'options',
				options: [
					{ name: 'Live', value: 'live' },
					{ name: 'Test', value: 'test' },
				],
				default: 'live',
				description: 'Only live or only test-mode invoices (paymentMode)',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. INV-000123',
				description: 'Text HighLevel searches the invoices for (search)',
			},
			{
				displayName: 'Start At',
				name: 'startAt',
				type: 'dateTime',
				default: '',
				description: 'Only invoices issued from this day on (startAt, sent as YYYY-MM-DD)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Draft', value: 'draft' },
					{ name: 'Paid', value: 'paid' },
					{ name: 'Partially Paid', value: 'partially_paid' },
					{ name: 'Payment Processing', value: 'payment_processing' },
					{ name: 'Sent', value: 'sent' },
					{ name: 'Void', value: 'void' },
				],
				default: 'sent',
				description: 'Only invoices in this status (status)',
			},
		]),
	],
	target: (context) => filterSummary(filtersOf(context)),
	async validate(context) {
		limitOf(context);
		filterQuery(context);
		await locationScope(context);
	},
	async execute(context) {
		const query = { ...(await locationScope(context)), ...filterQuery(context) };
		const endpoint = invoiceList(query);
		return listingResult(await fetchPages(context, endpoint, limitOf(context)));
	},
};
