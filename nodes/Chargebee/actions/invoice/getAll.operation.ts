import type { IDataObject } from 'n8n-workflow';

import {
	booleanFilter,
	dateFilter,
	filterSummary,
	filtersOf,
	getManyDescription,
	getManyProperties,
	limitOf,
	statusFilter,
	textFilter,
	unixSeconds,
} from '../../../shared/getMany';
import { fetchPages, listingResult } from '../../../shared/paging';
import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { chargebeeHeaders } from '../../options';
import { invoiceList } from '../../request';

/** Chargebee's invoice statuses (apidocs "invoice object"). */
const STATUSES = ['paid', 'posted', 'payment_due', 'not_paid', 'voided', 'pending'] as const;

/** The Filters mapped onto `GET /api/v2/invoices`, encoded as the chargebee SDK's `invoice.list`. */
function filterQuery(context: OperationContext): IDataObject {
	const filters = filtersOf(context);
	const statuses = statusFilter(context, filters, 'status', 'Status', STATUSES);
	const dateAfter = dateFilter(context, filters, 'dateAfter', 'Date After');
	const dateBefore = dateFilter(context, filters, 'dateBefore', 'Date Before');
	const updatedAfter = dateFilter(context, filters, 'updatedAfter', 'Updated After');
	return {
		// The SDK sends an `in` filter as one JSON array: status[in]=["paid","voided"].
		'status[in]': statuses.length ? JSON.stringify(statuses) : undefined,
		'customer_id[is]': textFilter(context, filters, 'customerId', 'Customer ID'),
		'subscription_id[is]': textFilter(context, filters, 'subscriptionId', 'Subscription ID'),
		'date[after]': dateAfter && unixSeconds(dateAfter),
		'date[before]': dateBefore && unixSeconds(dateBefore),
		'updated_at[after]': updatedAfter && unixSeconds(updatedAfter),
		include_deleted: booleanFilter(filters, 'includeDeleted', 'Include Deleted') ? true : undefined,
	};
}

export const getAllOperation: InvoiceOperation = {
	...verb('getAll', getManyDescription('Chargebee invoices', 'Delete, Void or Write Off')),
	properties: getManyProperties([
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			placeholder: 'e.g. AzZlGJTBfQ6xJ3Hx',
			description: "Only this customer's invoices (customer_id[is])",
		},
		{
			displayName: 'Date After',
			name: 'dateAfter',
			type: 'dateTime',
			default: '',
			description: 'Only invoices dated after this moment (date[after]); a time without a zone is UTC',
		},
		{
			displayName: 'Date Before',
			name: 'dateBefore',
			type: 'dateTime',
			default: '',
			description: 'Only invoices dated before this moment (date[before]); a time without a zone is UTC',
		},
		{
			displayName: 'Include Deleted',
			name: 'includeDeleted',
			type: 'boolean',
			default: false,
			description: 'Whether to list deleted invoices too (include_deleted)',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			options: [
				{ name: 'Not Paid', value: 'not_paid' },
				{ name: 'Paid', value: 'paid' },
				{ name: 'Payment Due', value: 'payment_due' },
				{ name: 'Pending', value: 'pending' },
				{ name: 'Posted', value: 'posted' },
				{ name: 'Voided', value: 'voided' },
			],
			default: [],
			description: 'Only invoices in one of these statuses (status[in])',
		},
		{
			displayName: 'Subscription ID',
			name: 'subscriptionId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 169lnASq3Ts9zLE',
			description: "Only this subscription's invoices (subscription_id[is])",
		},
		{
			displayName: 'Updated After',
			name: 'updatedAfter',
			type: 'dateTime',
			default: '',
			description: 'Only invoices changed after this moment (updated_at[after]); a time without a zone is UTC',
		},
	]),
	target: (context) => filterSummary(filtersOf(context)),
	validate(context) {
		limitOf(context);
		filterQuery(context);
	},
	async execute(context) {
		const query = filterQuery(context);
		const headers = chargebeeHeaders(context.options, false);
		const endpoint = invoiceList(query, headers);
		return listingResult(await fetchPages(context, endpoint, limitOf(context)));
	},
};
