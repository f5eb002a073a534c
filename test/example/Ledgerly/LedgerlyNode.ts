import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { invoiceNodeProperties } from '../../../nodes/shared/descriptions';
import { executeInvoiceOperations } from '../../../nodes/shared/execute';
import { invoiceOperations } from './actions/invoice';
import { ledgerlyOptions } from './options';
import { ledgerly } from './provider';

/** The example fifth provider's node: the same shape as the package's four. */
export class Ledgerly implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ledgerly Invoice Ops',
		name: 'ledgerly',
		group: ['transform'],
		version: 1,
		description: 'Delete or get Ledgerly invoices (a test-only example provider)',
		defaults: { name: 'Ledgerly Invoice Ops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ledgerlyApi', required: true }],
		properties: invoiceNodeProperties({
			operations: invoiceOperations,
			invoiceIdDescription: 'The Ledgerly invoice ID',
			options: ledgerlyOptions,
			provider: ledgerly,
		}),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperations(this, ledgerly, invoiceOperations);
	}
}
