import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice } from '../../../shared/rules';
import { verb } from '../../../shared/verbs';
import { commentProperty, invoiceAction, validateWrite } from '../../request';
import { chargebeeRules, predictWith, provenDoneWith } from '../../rules';

export const writeOffOperation: InvoiceOperation = {
	...verb('writeOff', 'Irreversible: write off the amount due; Chargebee marks the invoice paid and issues a credit note'),
	properties: [commentProperty('Why the invoice is written off.')],
	validate: validateWrite,
	async execute(context) {
		const response = await context.send(invoiceAction(context, 'write_off', {}));
		confirmInvoice(context, response, (invoice) => invoice.status === 'paid', 'written off (paid)');
		return { response: response.body };
	},
	// A refusal (`invalid_state_for_request`) counts as done only when the invoice now reads written off.
	changeIsMade: provenDoneWith(chargebeeRules.writeOff),
	predict: predictWith(chargebeeRules.writeOff),
};
