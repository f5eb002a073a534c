import type { IDataObject } from 'n8n-workflow';

import { predictWith as predictShared, type Verdict } from '../shared/rules';
import { settle } from '../shared/settle';
import { isNotFound, type InvoiceOpsApiError } from '../shared/transport';
import type { OperationContext } from '../shared/types';
import { readInvoice } from './request';

/** Statuses from which Chargebee voids or writes off an invoice (apidocs "void" / "write off"). */
const OPEN_STATUSES = ['payment_due', 'posted', 'not_paid'];

function hasPaymentsOrAdjustments(invoice: IDataObject): boolean {
	const linkedPayments = Array.isArray(invoice.linked_payments) ? invoice.linked_payments : [];
	return Number(invoice.amount_paid ?? 0) > 0 || linkedPayments.length > 0 || Number(invoice.amount_adjusted ?? 0) !== 0;
}

function notOpen(invoice: IDataObject, verb: string): Verdict | undefined {
	if (OPEN_STATUSES.includes(String(invoice.status))) return undefined;
	return {
		allowed: false,
		reason: `the invoice is ${String(invoice.status)}; Chargebee ${verb} only payment_due, posted or not_paid invoices (invalid_state_for_request)`,
	};
}

const PAYMENTS_REFUSAL: Verdict = {
	allowed: false,
	reason: 'the invoice has payments or adjustments applied; Chargebee refuses to delete or void it (invalid_state_for_request)',
};

/**
 * Chargebee's documented preconditions, per operation, applied to an invoice as read. The
 * sandbox in test/ enforces the same rules, and the dry-run tests hold the two together.
 */
export const chargebeeRules = {
	delete(invoice: IDataObject): Verdict {
		if (invoice.deleted === true) return { allowed: false, alreadyDone: true, reason: 'the invoice is already deleted' };
		return hasPaymentsOrAdjustments(invoice) ? PAYMENTS_REFUSAL : { allowed: true };
	},
	void(invoice: IDataObject): Verdict {
		if (invoice.status === 'voided') return { allowed: false, alreadyDone: true, reason: 'the invoice is already voided' };
		return notOpen(invoice, 'voids') ?? (hasPaymentsOrAdjustments(invoice) ? PAYMENTS_REFUSAL : { allowed: true });
	},
	writeOff(invoice: IDataObject): Verdict {
		if (isWrittenOff(invoice)) return { allowed: false, alreadyDone: true, reason: 'the invoice is already written off' };
		return notOpen(invoice, 'writes off') ?? { allowed: true };
	},
};

function isWrittenOff(invoice: IDataObject): boolean {
	return invoice.status === 'paid' && Number(invoice.write_off_amount ?? 0) > 0;
}

/** Dry run of one operation: read the invoice (deleted ones included) and judge it by `rule`. */
export const predictWith = (rule: (invoice: IDataObject) => Verdict) =>
	predictShared(readInvoice, rule, (invoice) => ({ invoice }));

/** The refusals Chargebee gives for a change already made: not open any more, or deleted. */
const ALREADY_DONE_REFUSALS = ['invalid_state_for_request', 'resource_not_found'];

/**
 * A refusal proves the change was already made only when the invoice as read now is in the
 * operation's target state (deleted ones included), never on the error alone.
 */
export function provenDoneWith(rule: (invoice: IDataObject) => Verdict) {
	return async (error: InvoiceOpsApiError, context: OperationContext): Promise<boolean> => {
		if (!ALREADY_DONE_REFUSALS.includes(String(error.providerCode))) return false;
		const read = await settle(readInvoice(context));
		if (read.ok) return rule(read.value).alreadyDone === true;
		if (isNotFound(read.error)) return false;
		throw read.error;
	};
}
