import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { setDisabledState, validateInvoiceReference } from '../../request';
import { disabledStateIsMade, predictDisabledState } from '../../rules';

export const enableOperation: InvoiceOperation = {
	...verb('enable', 'Reversible: bring a disabled invoice back into the metrics, undoing Disable'),
	properties: [],
	validate: validateInvoiceReference,
	async execute(context) {
		// PATCH /v1/invoices/{uuid}/disabled_state, or /v1/invoices/disabled_state?data_source_uuid=&external_id=
		return await setDisabledState(context, false);
	},
	predict: predictDisabledState(false),
	// A refusal counts as done only when the invoice, read now, says enabled (disabled: false).
	changeIsMade: disabledStateIsMade(false),
};
