import type { InvoiceOperation, OperationContext, ProviderResponse } from '../../../shared/types';

/** `GET /v1/invoices/{id}`: the invoice as Fatora has it now (`{"status": "SUCCESS", ...}`). */
export async function readInvoice(context: OperationContext): Promise<ProviderResponse> {
	return await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
}

export const getOperation: InvoiceOperation = {
	value: 'get',
	action: 'get invoice',
	outcome: 'fetched',
	usesInvoiceId: true,
	option: {
		name: 'Get',
		description: 'Read an invoice: a safe first step before deleting it',
		action: 'Get an invoice',
	},
	properties: [],
	async execute(context) {
		const response = await readInvoice(context);
		return { response: response.body };
	},
};
