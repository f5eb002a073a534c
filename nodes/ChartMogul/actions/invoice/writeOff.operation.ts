import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { handleAsUserEditProperty } from '../../options';
import { changeStatus, validateInvoiceReference } from '../../request';
import { predictStatusChange } from '../../rules';

export const writeOffOperation: InvoiceOperation = {
	...verb('writeOff', 'Irreversible: set the status of an invoice to written off, for an amount that will not be collected'),
	properties: [handleAsUserEditProperty],
	validate: validateInvoiceReference,
	async execute(context) {
		return await changeStatus(context, 'written_off');
	},
	predict: predictStatusChange,
	// No changeIsMade: ChartMogul sets a status the invoice already has again (assumed, see
	// docs/providers.md), so a re-run succeeds anyway; a refusal would not prove the status was ours.
};
