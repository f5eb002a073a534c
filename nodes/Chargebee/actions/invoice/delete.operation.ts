import type { InvoiceOperation } from '../../../shared/types';
import { commentProperty, confirmInvoice, invoiceAction, validateWrite } from './fields';
import { chargebeeRules, predictWith, provenDoneWith } from './rules';

export const deleteOperation: InvoiceOperation = {
	value: 'delete',
	action: 'delete invoice',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: true,
	option: {
		name: 'Delete',
		description: 'Irreversible: permanently delete an invoice. Chargebee advises Void for a wrongly generated invoice; Get or Dry Run first.',
		action: 'Delete an invoice',
	},
	properties: [
		{
			displayName:
				'Deleting is permanent: the invoice can then only be listed with include_deleted, and its usages are deleted for good. Chargebee advises voiding an invoice that was generated incorrectly instead.',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
		},
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
	// The retry carried the first attempt's idempotency key, so Chargebee would have replayed that
	// attempt's answer: a 404 now says it did not apply. Only a read showing it deleted proves it.
	isAlreadyDone: provenDoneWith(chargebeeRules.delete, ['resource_not_found']),
	predict: predictWith(chargebeeRules.delete),
	wasAlreadyDone: provenDoneWith(chargebeeRules.delete),
};
