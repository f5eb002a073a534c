import type { InvoiceOperation } from '../../../shared/types';
import { currentInvoice, locationProperties, validateLocation } from './fields';

export const getOperation: InvoiceOperation = {
	value: 'get',
	action: 'get invoice',
	outcome: 'fetched',
	usesInvoiceId: true,
	option: {
		name: 'Get',
		description: 'Read an invoice: a safe first step before deleting or voiding it',
		action: 'Get an invoice',
	},
	properties: locationProperties,
	validate: validateLocation,
	async execute(context) {
		return { response: await currentInvoice(context) };
	},
};
