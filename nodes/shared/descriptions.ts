import type { INodeProperties } from 'n8n-workflow';

import type { InvoiceOperation } from './types';

/** Shows `properties` only for the given operations of the `invoice` resource. */
export function showFor(operations: string[], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: ['invoice'], operation: operations },
		},
	}));
}

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Invoice', value: 'invoice' }],
	default: 'invoice',
};

function operationProperty(operations: InvoiceOperation[]): INodeProperties {
	const [first] = operations;
	const property: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: operations.map(({ value, option }) => ({ value, ...option })),
		default: '',
	};
	return { ...property, default: first.value };
}

function invoiceIdProperty(operations: InvoiceOperation[], description: string): INodeProperties[] {
	const using = operations.filter((operation) => operation.usesInvoiceId).map(({ value }) => value);
	return showFor(using, [
		{
			displayName: 'Invoice ID',
			name: 'invoiceId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.invoice_id }}',
			description,
		},
	]);
}

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description: 'Whether to only report what would happen, without sending any request that changes anything',
};

/**
 * The node's parameters in the order users read them: resource, operation, invoice id, the
 * operations' own fields, then the Options collection.
 */
export function invoiceNodeProperties(config: {
	operations: InvoiceOperation[];
	invoiceIdDescription: string;
	options: INodeProperties[];
	leading?: INodeProperties[];
}): INodeProperties[] {
	const { operations } = config;
	return [
		...(config.leading ?? []),
		resourceProperty,
		operationProperty(operations),
		...invoiceIdProperty(operations, config.invoiceIdDescription),
		...operations.flatMap((operation) => showFor([operation.value], operation.properties)),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show: { resource: ['invoice'] } },
			options: config.options,
		},
	];
}
