import type { InvoiceOperation } from '../../../shared/types';
import { requireMaxLength } from '../../../shared/validate';
import { commentProperty, confirmInvoice, invoiceAction, validateWrite } from './fields';
import { chargebeeRules, predictWith, provenDoneWith } from './rules';

const VOID_REASON_CODE_MAX = 100;

export const voidOperation: InvoiceOperation = {
	value: 'void',
	action: 'void invoice',
	outcome: 'voided',
	dryRunOutcome: 'would_void',
	usesInvoiceId: true,
	option: {
		name: 'Void',
		description: 'Irreversible: void a payment due, posted or not paid invoice; the record stays for audit, so prefer it over Delete',
		action: 'Void an invoice',
	},
	properties: [
		commentProperty('Why the invoice is voided.'),
		{
			displayName: 'Void Reason Code',
			name: 'voidReasonCode',
			type: 'string',
			default: '',
			description:
				'One of the reason codes configured on your site (case-sensitive, at most 100 characters). Required when the site makes it mandatory.',
		},
	],
	validate(context) {
		validateWrite(context);
		requireMaxLength(context, context.param<string>('voidReasonCode', ''), VOID_REASON_CODE_MAX, 'Void Reason Code');
	},
	async execute(context) {
		const voidReasonCode = context.param<string>('voidReasonCode', '');
		const response = await context.send(
			invoiceAction(context, 'void', voidReasonCode ? { void_reason_code: voidReasonCode } : {}),
		);
		confirmInvoice(context, response, (invoice) => invoice.status === 'voided', 'voided');
		return { response: response.body };
	},
	// After a lost answer: `invalid_state_for_request` on an invoice that now reads voided.
	isAlreadyDone: provenDoneWith(chargebeeRules.void, ['invalid_state_for_request']),
	predict: predictWith(chargebeeRules.void),
	wasAlreadyDone: provenDoneWith(chargebeeRules.void),
};
