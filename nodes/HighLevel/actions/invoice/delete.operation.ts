import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice } from '../../../shared/rules';
import { deleteNotice } from '../../../shared/descriptions';
import { verb } from '../../../shared/verbs';
import { locationProperties } from '../../options';
import { locationScope, validateLocation } from '../../request';
import { highLevelRules, predictWith } from '../../rules';

export const deleteOperation: InvoiceOperation = {
	...verb('delete', 'Irreversible: permanently delete an invoice. Prefer Void to keep the record for audit; Get or Dry Run first.'),
	properties: [
		deleteNotice('Deleting is permanent: HighLevel has no way to restore a deleted invoice. Void an invoice that was issued by mistake instead, so that its record stays.'),
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
	predict: predictWith(highLevelRules.delete),
	// No changeIsMade: HighLevel answers 404 both for a deleted invoice and for one that never
	// existed, so neither a retried delete nor a re-run can prove it done.
};
