import type { InvoiceOperation } from '../../../shared/types';
import { chargebeeHeaders } from '../headers';

export const getOperation: InvoiceOperation = {
	value: 'get',
	action: 'get invoice',
	outcome: 'fetched',
	usesInvoiceId: true,
	option: {
		name: 'Get',
		description: 'Read an invoice: a safe first step before deleting, voiding or writing it off',
		action: 'Get an invoice',
	},
	properties: [],
	async execute(context) {
		const response = await context.send({
			method: 'GET',
			path: ['invoices', context.invoiceId],
			headers: chargebeeHeaders(context.options, false),
		});
		return { response: response.body };
	},
};
