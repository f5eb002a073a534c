import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice } from '../../../shared/rules';
import { verb } from '../../../shared/verbs';
import { locationProperties } from '../../options';
import { locationScope, validateLocation } from '../../request';
import { highLevelRules, isVoidAlready, predictWith } from '../../rules';

export const voidOperation: InvoiceOperation = {
	...verb('void', 'Irreversible: void an invoice so that it can no longer be paid; the record stays for audit, so prefer it over Delete'),
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
	// A void invoice stays readable, so an earlier void is provable: one read shows `status: "void"`.
	changeIsMade: isVoidAlready,
	predict: predictWith(highLevelRules.void),
};
