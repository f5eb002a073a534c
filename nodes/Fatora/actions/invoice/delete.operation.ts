import type { InvoiceOperation } from '../../../shared/types';
import { deleteNotice } from '../../../shared/descriptions';
import { verb } from '../../../shared/verbs';
import { predictDelete } from '../../rules';

export const deleteOperation: InvoiceOperation = {
	...verb('delete', 'Irreversible: permanently delete an invoice from the Fatora account (Fatora has no void or undo); Get or Dry Run first'),
	properties: [
		deleteNotice('Deleting is permanent and Fatora offers no void or write-off to fall back on: Get the invoice or use Dry Run first.'),
	],
	async execute(context) {
		// Fatora answers 204 No Content: the item's response is null.
		const response = await context.send({ method: 'DELETE', path: ['invoices', context.invoiceId] });
		return { response: response.body };
	},
	predict: predictDelete,
	// No changeIsMade: Fatora answers 404 both for a deleted invoice and for one that never
	// existed, so neither a retried delete nor a re-run can prove it done.
};
