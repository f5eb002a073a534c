import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { INVOICE_SCHEDULE, locationProperties } from '../../options';
import { currentSchedule, validateLocation } from '../../request';

export const getOperation: InvoiceOperation = {
	...verb('get', 'Read a recurring invoice schedule: a safe first step before cancelling or deleting it', INVOICE_SCHEDULE),
	properties: locationProperties,
	validate: validateLocation,
	async execute(context) {
		return { response: await currentSchedule(context) };
	},
};
