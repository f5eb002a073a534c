import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executeInvoiceOperations } from '../shared/execute';
import { invoiceNodeProperties, showFor } from '../shared/descriptions';
import { listSearchMethods } from '../shared/locator';
import { chartMogulOptions, dataSourceByExternalIdProperties, invoiceIdTypeProperty } from './options';
import { customerPicker, dataSourcePicker, invoicePicker } from './pickers';
import { invoiceOperations } from './actions/invoice';
import { chartMogul } from './provider';
/** Operations that name one invoice, by ChartMogul UUID or by the billing system's id. */
const byInvoiceId = invoiceOperations.filter((operation) => operation.usesInvoiceId).map(({ value }) => value);

export class ChartMogul implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ChartMogul Invoice Ops',
		name: 'chartMogul',
		icon: { light: 'file:chartmogul.svg', dark: 'file:chartmogul.dark.svg' },
		group: ['transform'],
		// Version 2: Invoice ID, Data Source UUID and Customer UUID are pickers; version 1 keeps plain strings.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Delete, void, write off, disable or enable ChartMogul invoices, by ChartMogul UUID or by the billing system\'s external ID. Delete, void and write off are irreversible: Get or Dry Run first. An automatic data source may restore a deleted invoice on resync; Disable keeps it out of the metrics through resyncs, and Enable undoes it.',
		defaults: { name: 'ChartMogul Invoice Ops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceOpsChartMogulApi', required: true }],
		properties: invoiceNodeProperties({
			operations: invoiceOperations,
			beforeInvoiceId: showFor(byInvoiceId, [invoiceIdTypeProperty, ...dataSourceByExternalIdProperties]),
			invoiceIdDescription:
				'The invoice to act on: its ChartMogul UUID (inv_...), or with Invoice ID Type "External ID" the billing system\'s invoice ID, e.g. content.invoice.id of a Chargebee webhook',
			options: chartMogulOptions,
			provider: chartMogul,
			invoicePicker,
		}),
	};

	methods = { listSearch: listSearchMethods(chartMogul, [invoicePicker, dataSourcePicker, customerPicker]) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperations(this, chartMogul, invoiceOperations);
	}
}
