import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice, locationProperties, locationScope, validateLocation } from './fields';
import { highLevelRules, isVoidAlready, predictWith } from './rules';

export const voidOperation: InvoiceOperation = {
	value: 'void',
	action: 'void invoice',
	outcome: 'voided',
	dryRunOutcome: 'would_void',
	usesInvoiceId: true,
	option: {
		name: 'Void',
		description: 'Irreversible: void an invoice so that it can no longer be paid; the record stays for audit, so prefer it over Delete',
		action: 'Void an invoice',
	},
	properties: locationProperties,
	validate: validateLocation,
	async execute(context) {
		const response = await context.send({
			method: 'POST',
			path: ['invoices', context.invoiceId, 'void'],
			body: await locationScope(context),
		});
		confirmInvoice(context, response, (invoice) => invoice.status === 'void', 'void');
		return { response: response.body };
	},
	isAlreadyDone: isVoidAlready,
	predict: predictWith(highLevelRules.void),
	// A void invoice stays readable, so an earlier void is provable: one read shows `status: "void"`.
	wasAlreadyDone: isVoidAlready,
};
