import { filterSummary, filtersOf, getManyDescription, getManyProperties, limitOf, textFilter } from '../../../shared/getMany';
import { fetchPages, listingResult } from '../../../shared/paging';
import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { invoiceList } from '../../request';

function filterQuery(context: OperationContext) {
	const filters = filtersOf(context);
	return {
		customer_uuid: textFilter(context, filters, 'customerUuid', 'Customer UUID'),
		data_source_uuid: textFilter(context, filters, 'dataSourceUuid', 'Data Source UUID'),
		external_id: textFilter(context, filters, 'externalId', 'External ID'),
	};
}

export const getAllOperation: InvoiceOperation = {
	...verb('getAll', getManyDescription('ChartMogul invoices')),
	properties: getManyProperties([
		{
			displayName: 'Customer UUID',
			name: 'customerUuid',
			type: 'string',
			default: '',
			placeholder: 'e.g. cus_de305d54-75b4-431b-adb2-eb6b9e546012',
			description: "Only this ChartMogul customer's invoices (customer_uuid)",
		},
		{
			displayName: 'Data Source UUID',
			name: 'dataSourceUuid',
			type: 'string',
			default: '',
			placeholder: 'e.g. ds_35542640-d9f1-11ed-9c30-7727168c74a5',
			description: 'Only invoices imported into this data source (data_source_uuid)',
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: "Only invoices with this billing system's invoice ID (external_id)",
		},
	]),
	target: (context) => filterSummary(filtersOf(context)),
	validate(context) {
		limitOf(context);
		filterQuery(context);
	},
	async execute(context) {
		const query = filterQuery(context);
		return listingResult(await fetchPages(context, invoiceList(query), limitOf(context)));
	},
};
