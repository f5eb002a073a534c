import type { OperationContext, ProviderResponse } from '../shared/types';

/** `GET /v1/invoices/{id}`: the invoice as Fatora has it now (`{"status": "SUCCESS", ...}`). */
export async function readInvoice(context: OperationContext): Promise<ProviderResponse> {
	return await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
}
