import type { IDataObject } from 'n8n-workflow';

import { choiceFilter, dayFilter, filterSummary, filtersOf, getManyDescription, getManyProperties, limitOf, textFilter } from '../../../shared/getMany';
import { fetchPages, listingResult } from '../../../shared/paging';
import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { INVOICE_SCHEDULE, locationProperties } from '../../options';
import { locationScope, scheduleList } from '../../request';

/** `paymentMode` as the spec of `GET /invoices/schedule` enumerates it. */
const PAYMENT_MODES = ['live', 'test', 'default'];

/** The query filters of `GET /invoices/schedule` (apps/invoices.json, list-invoice-schedules). */
function filterQuery(context: OperationContext): IDataObject {
	const filters = filtersOf(context);
	return {
		// HighLevel documents no schedule status values (rules.ts), so any text is passed on.
		status: textFilter(context, filters, 'status', 'Status'),
		startAt: dayFilter(context, filters, 'startAt', 'Start At'),
		endAt: dayFilter(context, filters, 'endAt', 'End At'),
		search: textFilter(context, filters, 'search', 'Search'),
		paymentMode: choiceFilter(context, filters, 'paymentMode', 'Payment Mode', PAYMENT_MODES),
	};
}

const [, schedules] = INVOICE_SCHEDULE.noun;

export const getAllOperation: InvoiceOperation = {
	...verb(
		'getAll',
		getManyDescription('HighLevel recurring invoice schedules of a location', 'Cancel or Delete', INVOICE_SCHEDULE.noun[0]),
		INVOICE_SCHEDULE,
	),
	properties: [
		...locationProperties,
		...getManyProperties([
			{
				displayName: 'End At',
				name: 'endAt',
				type: 'dateTime',
				default: '',
				description: 'Only schedules up to this day (endAt, sent as YYYY-MM-DD)',
			},
			{
				displayName: 'Payment Mode',
				name: 'paymentMode',
				type: 'options',
				options: [
					{ name: 'Default', value: 'default' },
					{ name: 'Live', value: 'live' },
					{ name: 'Test', value: 'test' },
				],
				default: 'live',
				description: 'Only live or only test-mode schedules (paymentMode; HighLevel also lists "default")',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. Monthly retainer',
				description: 'Text HighLevel searches the schedules for: ID, name, email or phone (search)',
			},
			{
				displayName: 'Start At',
				name: 'startAt',
				type: 'dateTime',
				default: '',
				description: 'Only schedules from this day on (startAt, sent as YYYY-MM-DD)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'string',
				default: '',
				placeholder: 'e.g. active',
				description: 'Only schedules in this status (status). HighLevel does not document the values: copy one from a Get.',
			},
		]),
	],
	target: (context) => filterSummary(filtersOf(context), schedules),
	async validate(context) {
		limitOf(context);
		filterQuery(context);
		await locationScope(context);
	},
	async execute(context) {
		const query = { ...(await locationScope(context)), ...filterQuery(context) };
		return listingResult(await fetchPages(context, scheduleList(query), limitOf(context)));
	},
};
