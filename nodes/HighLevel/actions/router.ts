import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { executeInvoiceOperations } from '../../shared/execute';
import { highLevel } from '../provider';
import { invoiceOperations } from './invoice';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeInvoiceOperations(this, highLevel, invoiceOperations);
}
