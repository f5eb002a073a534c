import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { setDisabledState, validateInvoiceReference } from '../../request';
import { disabledStateIsMade, predictDisabledState } from '../../rules';

export const disableOperation: InvoiceOperation = {
	...verb('disable', 'Reversible: take an invoice out of the metrics with its line items and transactions; unlike Delete it lasts through resyncs'),
	properties: [],
	validate: validateInvoiceReference,
	async execute(context) {
		// PATCH /v1/invoices/{uuid}/disabled_state, or /v1/invoices/disabled_state?data_source_uuid=&external_id=
		return await setDisabledState(context, true);
	},
	predict: predictDisabledState(true),
	// A refusal counts as done only when the invoice, read now, says disabled.
	changeIsMade: disabledStateIsMade(true),
};
