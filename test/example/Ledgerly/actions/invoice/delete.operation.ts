import { deleteNotice } from '../../../../../nodes/shared/descriptions';
import { confirmInvoice } from '../../../../../nodes/shared/rules';
import type { InvoiceOperation } from '../../../../../nodes/shared/types';
import { verb } from '../../../../../nodes/shared/verbs';
import { predictDelete } from '../../rules';

export const deleteOperation: InvoiceOperation = {
	...verb('delete', 'Irreversible: permanently delete an invoice; Get or Dry Run first'),
	properties: [deleteNotice('Deleting is permanent.')],
	async execute(context) {
		const response = await context.send({ method: 'DELETE', path: ['invoices', context.invoiceId] });
		confirmInvoice(context, response, (invoice) => invoice.deleted === true, 'deleted');
		return { response: response.body };
	},
	predict: predictDelete,
};
