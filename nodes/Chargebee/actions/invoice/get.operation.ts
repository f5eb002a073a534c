import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { chargebeeHeaders } from '../../options';

export const getOperation: InvoiceOperation = {
	...verb('get', 'Read an invoice: a safe first step before deleting, voiding or writing it off'),
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
