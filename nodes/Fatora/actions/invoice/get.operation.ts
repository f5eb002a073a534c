import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { readInvoice } from '../../request';

export const getOperation: InvoiceOperation = {
	...verb('get', 'Read an invoice: a safe first step before deleting it'),
	properties: [],
	async execute(context) {
		const response = await readInvoice(context);
		return { response: response.body };
	},
};
