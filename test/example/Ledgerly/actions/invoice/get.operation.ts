import type { InvoiceOperation } from '../../../../../nodes/shared/types';
import { verb } from '../../../../../nodes/shared/verbs';
import { readInvoice } from '../../request';

export const getOperation: InvoiceOperation = {
	...verb('get', 'Read an invoice: a safe first step before deleting it'),
	properties: [],
	async execute(context) {
		return { response: await readInvoice(context) };
	},
};
