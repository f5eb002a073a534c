import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executeInvoiceOperations } from '../shared/execute';
import { invoiceNodeProperties } from '../shared/descriptions';
import { listSearchMethods } from '../shared/locator';
import { invoicePicker } from './pickers';
import { invoiceOperations } from './actions/invoice';
import { fatoraOptions } from './options';
import { fatora } from './provider';

export class Fatora implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fatora Invoice Ops',
		name: 'fatora',
		icon: { light: 'file:fatora.svg', dark: 'file:fatora.dark.svg' },
		group: ['transform'],
		// Version 2: the Invoice ID is a picker (From List, By ID); version 1 keeps the plain string.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Delete or get Fatora invoices. Deleting is irreversible and Fatora has no void or write-off: Get or Dry Run first.',
		defaults: { name: 'Fatora Invoice Ops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceOpsFatoraApi', required: true }],
		properties: invoiceNodeProperties({
			operations: invoiceOperations,
			invoiceIdDescription: 'The Fatora invoice ID (numeric in Fatora\'s docs), e.g. from an earlier Fatora step',
			options: fatoraOptions,
			provider: fatora,
			invoicePicker,
		}),
	};

	methods = { listSearch: listSearchMethods(fatora, [invoicePicker]) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperations(this, fatora, invoiceOperations);
	}
}
