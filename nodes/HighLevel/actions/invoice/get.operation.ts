import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { locationProperties } from '../../options';
import { currentInvoice, validateLocation } from '../../request';

export const getOperation: InvoiceOperation = {
	...verb('get', 'Read an invoice: a safe first step before deleting or voiding it'),
	properties: locationProperties,
	validate: validateLocation,
	async execute(context) {
		return { response: await currentInvoice(context) };
	},
};
