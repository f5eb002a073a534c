import type { InvoiceOperation } from '../../../shared/types';
import { handleAsUserEditProperty, validateInvoiceReference } from './fields';
import { changeStatus, predictStatusChange } from './status';

export const voidOperation: InvoiceOperation = {
	value: 'void',
	action: 'void invoice',
	outcome: 'voided',
	dryRunOutcome: 'would_void',
	usesInvoiceId: true,
	option: {
		name: 'Void',
		description: 'Irreversible: set the status of an invoice to voided; the invoice stays on record, so prefer it over Delete',
		action: 'Void an invoice',
	},
	properties: [handleAsUserEditProperty],
	validate: validateInvoiceReference,
	async execute(context) {
		return await changeStatus(context, 'voided');
	},
	predict: predictStatusChange,
	// No wasAlreadyDone: ChartMogul sets a status the invoice already has again (assumed, see
	// docs/providers.md), so a re-run succeeds anyway; a refusal would not prove the status was ours.
};
