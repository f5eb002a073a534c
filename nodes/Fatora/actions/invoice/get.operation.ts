import type { InvoiceOperation } from '../../../shared/types';

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
		const response = await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
		return { response: response.body };
	},
};
