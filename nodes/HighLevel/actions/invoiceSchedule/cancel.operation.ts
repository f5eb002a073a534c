import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice } from '../../../shared/rules';
import { verb } from '../../../shared/verbs';
import { INVOICE_SCHEDULE, locationProperties } from '../../options';
import { locationScope, validateLocation } from '../../request';
import { isCancelledAlready, predictScheduleWith, scheduleRules } from '../../rules';

export const cancelOperation: InvoiceOperation = {
	...verb(
		'cancel',
		'Irreversible: stop a recurring invoice schedule so that it issues no more invoices; the invoices it issued stay (void them separately). Get or Dry Run first.',
		INVOICE_SCHEDULE,
	),
	properties: locationProperties,
	validate: validateLocation,
	async execute(context) {
		const response = await context.send({
			method: 'POST',
			path: ['invoices', 'schedule', context.invoiceId, 'cancel'],
			body: await locationScope(context),
		});
		// HighLevel answers with the schedule. Its status values are undocumented (rules.ts), so the
		// answer must be about this schedule, but its status is not required to read "cancelled".
		confirmInvoice(context, response, () => true, 'cancelled');
		return { response: response.body };
	},
	// A cancelled schedule stays readable, so an earlier cancel is provable by one read.
	changeIsMade: isCancelledAlready,
	predict: predictScheduleWith(scheduleRules.cancel),
};
