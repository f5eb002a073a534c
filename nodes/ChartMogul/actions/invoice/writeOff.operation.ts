import type { InvoiceOperation } from '../../../shared/types';
import { handleAsUserEditProperty, validateInvoiceReference } from './fields';
import { changeStatus } from './status';

export const writeOffOperation: InvoiceOperation = {
	value: 'writeOff',
	action: 'write off invoice',
	outcome: 'written_off',
	dryRunOutcome: 'would_write_off',
	usesInvoiceId: true,
	option: {
		name: 'Write Off',
		description: 'Set the status of an invoice to written off, for an amount that will not be collected',
		action: 'Write off an invoice',
	},
	properties: [handleAsUserEditProperty],
	validate: validateInvoiceReference,
	async execute(context) {
		return await changeStatus(context, 'written_off');
	},
};
