import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/types';

export type InvoiceIdType = 'uuid' | 'externalId';

/** Operations that name one invoice, by ChartMogul UUID or by the billing system's id. */
export const BY_INVOICE_ID = ['delete', 'void', 'writeOff', 'get'];

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

/** The data source an external invoice ID belongs to; shown only for that ID type. */
export const dataSourceByExternalIdProperty: INodeProperties = {
	...dataSourceProperty(
		'The ChartMogul data source the external ID belongs to: the data_source_uuid of its invoices (see Get by ChartMogul UUID), also listed by GET /v1/data_sources',
	),
	displayOptions: { show: { invoiceIdType: ['externalId'] } },
};

export const dataSourceOfCustomerProperty = dataSourceProperty(
	'The ChartMogul data source whose invoices of the customer are deleted',
);

export const handleAsUserEditProperty: INodeProperties = {
	displayName: 'Handle as User Edit',
	name: 'handleAsUserEdit',
	type: 'boolean',
	default: false,
	description:
		'Whether ChartMogul keeps the change through resyncs and reimports of an automatic data source (Stripe, Chargebee, Recurly, Braintree, ...); it ignores this for other sources. Sent as handle_as_user_edit=true only when on.',
};

/**
 * Reads an id parameter other than the invoice id and refuses, before any request, one that
 * cannot name a resource: empty, blank, `.` or `..`.
 */
export function requireParam(context: OperationContext, name: string, displayName: string): string {
	const raw = context.param<unknown>(name, '');
	const value = typeof raw === 'number' ? String(raw) : raw;
	if (typeof value !== 'string' || value.trim() === '') {
		context.refuse(
			`The parameter "${displayName}" is empty`,
			`Give the ${displayName} to act on, for example with an expression that reads it from the incoming item.`,
		);
	}
	if (/^\.{1,2}$/.test(value)) context.refuse(`The parameter "${displayName}" cannot be "${value}"`);
	return value;
}

export function invoiceIdTypeOf(context: OperationContext): InvoiceIdType {
	const type = context.param<string>('invoiceIdType', 'uuid');
	if (type !== 'uuid' && type !== 'externalId') {
		context.refuse(`The parameter "Invoice ID Type" must be "uuid" or "externalId" (got "${type}")`);
	}
	return type;
}

/** The data source of an external invoice ID. */
export const dataSourceUuidOf = (context: OperationContext) =>
	requireParam(context, 'dataSourceUuid', 'Data Source UUID');

/** Checks before any request for the operations that name one invoice. */
export function validateInvoiceReference(context: OperationContext): void {
	if (invoiceIdTypeOf(context) === 'externalId') dataSourceUuidOf(context);
}

/** `?data_source_uuid=&external_id=`: how ChartMogul finds an invoice by the billing system's id. */
export function externalIdQuery(context: OperationContext): IDataObject {
	return { data_source_uuid: dataSourceUuidOf(context), external_id: context.invoiceId };
}

/** The ids the item itself gives: a UUID, or an external id with its data source. */
export function givenIds(context: OperationContext): IDataObject {
	if (invoiceIdTypeOf(context) === 'uuid') return { invoiceUuid: context.invoiceId };
	return { externalId: context.invoiceId, dataSourceUuid: dataSourceUuidOf(context) };
}

/** The ids of a ChartMogul invoice object worth keeping in the audit record. */
export function idsOfInvoice(invoice: unknown): IDataObject {
	const record = (typeof invoice === 'object' && invoice !== null ? invoice : {}) as IDataObject;
	const ids: IDataObject = {};
	if (typeof record.uuid === 'string') ids.invoiceUuid = record.uuid;
	if (typeof record.external_id === 'string') ids.externalId = record.external_id;
	if (typeof record.data_source_uuid === 'string') ids.dataSourceUuid = record.data_source_uuid;
	return ids;
}
