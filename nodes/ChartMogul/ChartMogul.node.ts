import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { invoiceNodeProperties, showFor } from '../shared/descriptions';
import { BY_INVOICE_ID, dataSourceByExternalIdProperty, invoiceIdTypeProperty } from './actions/invoice/fields';
import { invoiceOperations } from './actions/invoice';
import { router } from './actions/router';
import { chartMogul } from './provider';


export class ChartMogul implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ChartMogul Invoice Ops',
		name: 'chartMogul',
		icon: { light: 'file:chartmogul.svg', dark: 'file:chartmogul.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Delete, void or write off ChartMogul invoices, by ChartMogul UUID or by the billing system\'s external ID. Delete, void and write off are irreversible: Get or Dry Run first. An automatic data source may restore a deleted invoice on resync.',
		defaults: { name: 'ChartMogul Invoice Ops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceOpsChartMogulApi', required: true }],
		properties: invoiceNodeProperties({
			operations: invoiceOperations,
			beforeInvoiceId: showFor(BY_INVOICE_ID, [invoiceIdTypeProperty, dataSourceByExternalIdProperty]),
			invoiceIdDescription:
				'The invoice to act on: its ChartMogul UUID (inv_...), or with Invoice ID Type "External ID" the billing system\'s invoice ID, e.g. content.invoice.id of a Chargebee webhook',
			options: [],
			provider: chartMogul,
		}),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
