import type { IDataObject } from 'n8n-workflow';

import type { OperationContext } from '../../../nodes/shared/types';

/** `GET /api/invoices/{id}`: the invoice as Ledgerly has it now. */
export async function readInvoice(context: OperationContext): Promise<IDataObject> {
	return (await context.send({ method: 'GET', path: ['invoices', context.invoiceId] })).body as IDataObject;
}
