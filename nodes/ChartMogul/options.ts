import type { INodeProperties } from 'n8n-workflow';

import { versionedPicker } from '../shared/locator';
import { dataSourcePicker } from './pickers';

export type InvoiceIdType = 'uuid' | 'externalId';

export const invoiceIdTypeProperty: INodeProperties = {
	displayName: 'Invoice ID Type',
	name: 'invoiceIdType',
	type: 'options',
	options: [
		{
			name: 'ChartMogul UUID',
			value: 'uuid',
			description: "ChartMogul's own invoice UUID (inv_...)",
		},
		{
			name: 'External ID',
			value: 'externalId',
			description:
				"The billing system's invoice ID, as webhooks of Chargebee, Stripe and others carry it, within one data source",
		},
	],
	default: 'uuid',
	description: 'Which kind of ID the Invoice ID is',
};

function dataSourceProperty(description: string): INodeProperties {
	return {
		displayName: 'Data Source UUID',
		name: 'dataSourceUuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ds_35542640-d9f1-11ed-9c30-7727168c74a5',
		description,
	};
}

/**
 * The data source an external invoice ID belongs to; shown only for that ID type. From node
 * version 2 (as every data source parameter) picked from the account's data sources.
 */
export const dataSourceByExternalIdProperties: INodeProperties[] = versionedPicker(
	{
		...dataSourceProperty(
			'The ChartMogul data source the external ID belongs to: the data_source_uuid of its invoices (see Get by ChartMogul UUID), also listed by GET /v1/data_sources',
		),
		displayOptions: { show: { invoiceIdType: ['externalId'] } },
	},
	dataSourcePicker,
);

export const dataSourceOfCustomerProperties: INodeProperties[] = versionedPicker(
	dataSourceProperty('The ChartMogul data source whose invoices of the customer are deleted'),
	dataSourcePicker,
);

export const handleAsUserEditProperty: INodeProperties = {
	displayName: 'Handle as User Edit',
	name: 'handleAsUserEdit',
	type: 'boolean',
	default: false,
	description:
		'Whether ChartMogul keeps the change through resyncs and reimports of an automatic data source (Stripe, Chargebee, Recurly, Braintree, ...); it ignores this for other sources. Sent as handle_as_user_edit=true only when on.',
};

/** ChartMogul adds nothing to the Options collection: its choices are the operations' own fields. */
export const chartMogulOptions: INodeProperties[] = [];
