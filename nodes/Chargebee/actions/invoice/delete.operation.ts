import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice } from '../../../shared/rules';
import { deleteNotice } from '../../../shared/descriptions';
import { verb } from '../../../shared/verbs';
import { commentProperty, invoiceAction, validateWrite } from '../../request';
import { chargebeeRules, predictWith, provenDoneWith } from '../../rules';

export const deleteOperation: InvoiceOperation = {
	...verb('delete', 'Irreversible: permanently delete an invoice. Chargebee advises Void for a wrongly generated invoice; Get or Dry Run first.'),
	properties: [
		deleteNotice('Deleting is permanent: the invoice can then only be listed with include_deleted, and its usages are deleted for good. Chargebee advises voiding an invoice that was generated incorrectly instead.'),
		commentProperty('Why the invoice is deleted; Chargebee adds it to the subscription or customer.'),
		{
			displayName: 'Claim Credits',
			name: 'claimCredits',
			type: 'boolean',
			default: false,
			description: 'Whether to put prorated credits back to the subscription (sent as claim_credits only when on)',
		},
	],
	validate: validateWrite,
	async execute(context) {
		const claimCredits = context.flag('claimCredits', 'Claim Credits');
		const response = await context.send(
			invoiceAction(context, 'delete', claimCredits ? { claim_credits: true } : {}),
		);
		confirmInvoice(context, response, (invoice) => invoice.deleted === true, 'deleted');
		return { response: response.body };
	},
	// A retry carries the first attempt's idempotency key, so Chargebee would have replayed that
	// attempt's answer: a 404 then says it did not apply. Only a read that shows the invoice
	// deleted (deleted ones included) proves the change, after a lost answer and on a re-run alike.
	changeIsMade: provenDoneWith(chargebeeRules.delete),
	predict: predictWith(chargebeeRules.delete),
};
