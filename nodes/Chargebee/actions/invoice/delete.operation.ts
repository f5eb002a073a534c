import type { InvoiceOperation } from '../../../shared/types';
import { commentProperty, invoiceAction, validateWrite } from './fields';
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
		const claimCredits = context.param<boolean>('claimCredits', false);
		const response = await context.send(
			invoiceAction(context, 'delete', claimCredits ? { claim_credits: true } : {}),
		);
		return { response: response.body };
	},
	// A retried delete that finds no invoice: the first attempt deleted it.
	isAlreadyDone: (error) => error.httpStatus === 404 && error.providerCode === 'resource_not_found',
	predict: predictWith(chargebeeRules.delete),
	wasAlreadyDone: provenDoneWith(chargebeeRules.delete),
};
