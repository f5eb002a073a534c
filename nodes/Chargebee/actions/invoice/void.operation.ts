import type { InvoiceOperation } from '../../../shared/types';
import { confirmInvoice } from '../../../shared/rules';
import { verb } from '../../../shared/verbs';
import { requireMaxLength } from '../../../shared/validate';
import { commentProperty, invoiceAction, validateWrite } from '../../request';
import { chargebeeRules, predictWith, provenDoneWith } from '../../rules';

const VOID_REASON_CODE_MAX = 100;

export const voidOperation: InvoiceOperation = {
	...verb('void', 'Irreversible: void a payment due, posted or not paid invoice; the record stays for audit, so prefer it over Delete'),
	properties: [
		commentProperty('Why the invoice is voided.'),
		{
			displayName: 'Void Reason Code',
			name: 'voidReasonCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. Duplicate Invoice',
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
	// A refusal (`invalid_state_for_request`) counts as done only when the invoice now reads voided.
	changeIsMade: provenDoneWith(chargebeeRules.void),
	predict: predictWith(chargebeeRules.void),
};
