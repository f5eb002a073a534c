import type { InvoiceOperation } from '../../../shared/types';
import { isNowVoid, locationProperties, locationScope, validateLocation } from './fields';

export const voidOperation: InvoiceOperation = {
	value: 'void',
	action: 'void invoice',
	outcome: 'voided',
	dryRunOutcome: 'would_void',
	usesInvoiceId: true,
	option: {
		name: 'Void',
		description: 'Void an invoice so that it can no longer be paid; the record stays for audit',
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
		return { response: response.body };
	},
	isAlreadyDone: isNowVoid,
};
