import { booleanFilter, filterSummary, filtersOf, getManyDescription, getManyProperties, limitOf, textFilter } from '../../../shared/getMany';
import { fetchPages, listingResult } from '../../../shared/paging';
import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { versionedPicker } from '../../../shared/locator';
import { customerPicker, dataSourcePicker } from '../../pickers';
import { invoiceList } from '../../request';

function filterQuery(context: OperationContext) {
	const filters = filtersOf(context);
	return {
		customer_uuid: textFilter(context, filters, 'customerUuid', 'Customer UUID'),
		data_source_uuid: textFilter(context, filters, 'dataSourceUuid', 'Data Source UUID'),
		external_id: textFilter(context, filters, 'externalId', 'External ID'),
		// ChartMogul lists disabled invoices only when asked.
		with_disabled: booleanFilter(filters, 'withDisabled', 'With Disabled') ? true : undefined,
	};
}

export const getAllOperation: InvoiceOperation = {
	...verb('getAll', getManyDescription('ChartMogul invoices', 'Delete, Void, Write Off, Disable or Enable')),
	properties: getManyProperties([
		...versionedPicker(
			{
				displayName: 'Customer UUID',
				name: 'customerUuid',
				type: 'string',
				default: '',
				placeholder: 'e.g. cus_de305d54-75b4-431b-adb2-eb6b9e546012',
				description: "Only this ChartMogul customer's invoices (customer_uuid)",
			},
			customerPicker,
		),
		...versionedPicker(
			{
				displayName: 'Data Source UUID',
				name: 'dataSourceUuid',
				type: 'string',
				default: '',
				placeholder: 'e.g. ds_35542640-d9f1-11ed-9c30-7727168c74a5',
				description: 'Only invoices imported into this data source (data_source_uuid)',
			},
			dataSourcePicker,
		),
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			placeholder: 'e.g. inv_2025_0042',
			description: "Only invoices with this billing system's invoice ID (external_id)",
		},
		{
			displayName: 'With Disabled',
			name: 'withDisabled',
			type: 'boolean',
			default: false,
			description:
				'Whether to list disabled invoices too (with_disabled=true): ChartMogul leaves them out otherwise. Each carries disabled, disabled_at and disabled_by. Turn on to find invoices to Enable.',
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
