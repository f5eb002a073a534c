import type { InvoiceOperation } from '../../../shared/types';
import { commentProperty, confirmInvoice, invoiceAction, validateWrite } from './fields';
import { chargebeeRules, predictWith, provenDoneWith } from './rules';

export const writeOffOperation: InvoiceOperation = {
	value: 'writeOff',
	action: 'write off invoice',
	outcome: 'written_off',
	dryRunOutcome: 'would_write_off',
	usesInvoiceId: true,
	option: {
		name: 'Write Off',
		description: 'Irreversible: write off the amount due; Chargebee marks the invoice paid and issues a credit note',
		action: 'Write off an invoice',
	},
	properties: [commentProperty('Why the invoice is written off.')],
	validate: validateWrite,
	async execute(context) {
		const response = await context.send(invoiceAction(context, 'write_off', {}));
		confirmInvoice(context, response, (invoice) => invoice.status === 'paid', 'written off (paid)');
		return { response: response.body };
	},
	// After a lost answer: `invalid_state_for_request` on an invoice that now reads written off.
	isAlreadyDone: provenDoneWith(chargebeeRules.writeOff, ['invalid_state_for_request']),
	predict: predictWith(chargebeeRules.writeOff),
	wasAlreadyDone: provenDoneWith(chargebeeRules.writeOff),
};
