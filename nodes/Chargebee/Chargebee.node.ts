import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { invoiceNodeProperties } from '../shared/descriptions';
import { listSearchMethods } from '../shared/locator';
import { invoiceOperations } from './actions/invoice';
import { executeInvoiceOperations } from '../shared/execute';
import { chargebeeOptions } from './options';
import { invoicePicker } from './pickers';
import { chargebee } from './provider';

export class Chargebee implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chargebee Invoice Ops',
		name: 'chargebee',
		icon: { light: 'file:chargebee.svg', dark: 'file:chargebee.dark.svg' },
		group: ['transform'],
		// Version 2: the Invoice ID is a picker (From List, By ID, By URL); version 1 keeps the plain string.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Delete, void or write off Chargebee invoices. These changes are irreversible: Get or Dry Run first, and prefer Void over Delete for a wrongly generated invoice.',
		defaults: { name: 'Chargebee Invoice Ops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceOpsChargebeeApi', required: true }],
		properties: invoiceNodeProperties({
			operations: invoiceOperations,
			invoiceIdDescription: 'The Chargebee invoice ID, e.g. from the content.invoice.id of a Chargebee webhook',
			options: chargebeeOptions,
			provider: chargebee,
			invoicePicker,
		}),
	};

	methods = { listSearch: listSearchMethods(chargebee, [invoicePicker]) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperations(this, chargebee, invoiceOperations);
	}
}
