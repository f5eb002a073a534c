import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice, locationProperties, locationScope, validateLocation } from './fields';
import { highLevelRules, predictWith } from './rules';

export const deleteOperation: InvoiceOperation = {
	value: 'delete',
	action: 'delete invoice',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: true,
	option: {
		name: 'Delete',
		description: 'Irreversible: permanently delete an invoice. Prefer Void to keep the record for audit; Get or Dry Run first.',
		action: 'Delete an invoice',
	},
	properties: [
		{
			displayName:
				'Deleting is permanent: HighLevel has no way to restore a deleted invoice. Void an invoice that was issued by mistake instead, so that its record stays.',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
		},
		...locationProperties,
	],
	validate: validateLocation,
	async execute(context) {
		const response = await context.send({
			method: 'DELETE',
			path: ['invoices', context.invoiceId],
			query: await locationScope(context),
		});
		confirmInvoice(context, response, () => true, 'deleted');
		return { response: response.body };
	},
	// No isAlreadyDone: a deleted invoice reads 404 like one that never existed, so a retried delete
	// answered 404 cannot be proven done, and the item fails saying so.
	predict: predictWith(highLevelRules.delete),
	// No wasAlreadyDone: HighLevel answers 404 both for a deleted invoice and for one that never
	// existed, so a re-run cannot prove that an earlier delete happened.
};
