import type { IDataObject } from 'n8n-workflow';

import type { InvoiceOperation } from '../../../shared/types';
import { deleteNotice } from '../../../shared/descriptions';
import { verb } from '../../../shared/verbs';
import { INVOICE_SCHEDULE, locationProperties } from '../../options';
import { locationScope, validateLocation } from '../../request';
import { predictScheduleWith, scheduleRules } from '../../rules';

export const deleteOperation: InvoiceOperation = {
	...verb(
		'delete',
		'Irreversible: permanently delete a recurring invoice schedule. Prefer Cancel to stop it and keep its record; Get or Dry Run first.',
		INVOICE_SCHEDULE,
	),
	properties: [
		deleteNotice('Deleting is permanent: HighLevel has no way to restore a deleted invoice schedule. Cancel a schedule to stop it and keep its record.'),
		...locationProperties,
	],
	validate: validateLocation,
	async execute(context) {
		const response = await context.send({
			method: 'DELETE',
			path: ['invoices', 'schedule', context.invoiceId],
			query: await locationScope(context),
		});
		// HighLevel answers `{success: true}`, naming no schedule: that is the whole proof it gives.
		const answer = response.body as IDataObject | null;
		context.confirm(response, answer?.success === true, 'it did not answer {"success": true}');
		return { response: response.body };
	},
	predict: predictScheduleWith(scheduleRules.delete),
	// No changeIsMade: HighLevel answers 404 both for a deleted schedule and for one that never
	// existed, so neither a retried delete nor a re-run can prove it done.
};
