import type { InvoiceOperation } from '../../../shared/types';
import { handleAsUserEditProperty, validateInvoiceReference } from './fields';
import { changeStatus, predictStatusChange } from './status';

export const writeOffOperation: InvoiceOperation = {
	value: 'writeOff',
	action: 'write off invoice',
	outcome: 'written_off',
	dryRunOutcome: 'would_write_off',
	usesInvoiceId: true,
	option: {
		name: 'Write Off',
		description: 'Irreversible: set the status of an invoice to written off, for an amount that will not be collected',
		action: 'Write off an invoice',
	},
	properties: [handleAsUserEditProperty],
	validate: validateInvoiceReference,
	async execute(context) {
		return await changeStatus(context, 'written_off');
	},
	predict: predictStatusChange,
	// No wasAlreadyDone: ChartMogul sets a status the invoice already has again (assumed, see
	// docs/providers.md), so a re-run succeeds anyway; a refusal would not prove the status was ours.
};
