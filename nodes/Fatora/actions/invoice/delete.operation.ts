import type { InvoiceOperation } from '../../../shared/types';
import { readInvoice } from './get.operation';

export const deleteOperation: InvoiceOperation = {
	value: 'delete',
	action: 'delete invoice',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: true,
	option: {
		name: 'Delete',
		description: 'Irreversible: permanently delete an invoice from the Fatora account (Fatora has no void or undo); Get or Dry Run first',
		action: 'Delete an invoice',
	},
	properties: [
		{
			displayName:
				'Deleting is permanent and Fatora offers no void or write-off to fall back on: Get the invoice or use Dry Run first.',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
		},
	],
	async execute(context) {
		// Fatora answers 204 No Content: the item's response is null.
		const response = await context.send({ method: 'DELETE', path: ['invoices', context.invoiceId] });
		return { response: response.body };
	},
	// No isAlreadyDone: a deleted invoice answers 404 like one that never existed, so a retried
	// delete answered 404 cannot be proven done, and the item fails saying so.
	// Fatora documents no precondition for a delete but the invoice's existence: an invoice the
	// read finds would be deleted; one it does not find (404) the runner reports as would_fail.
	async predict(context) {
		const response = await readInvoice(context);
		return { invoice: response.body, allowed: true };
	},
	// No wasAlreadyDone: Fatora answers 404 both for a deleted invoice and for one that never
	// existed, so a re-run cannot prove that an earlier delete happened.
};
