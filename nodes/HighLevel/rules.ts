import type { IDataObject } from 'n8n-workflow';

import { predictWith as predictShared, type Verdict } from '../shared/rules';
import type { InvoiceOpsApiError } from '../shared/transport';
import type { OperationContext } from '../shared/types';
import { currentInvoice } from './request';

/**
 * Statuses HighLevel voids and deletes. HighLevel does not document them: these follow its UI
 * (a draft is deleted rather than voided; money on an invoice keeps it), docs/providers.md, "HighLevel",
 * says so, and the test sandbox enforces the same lists.
 */
const VOIDABLE = ['sent', 'partially_paid'];
const DELETABLE = ['draft', 'sent', 'void'];

const UNDOCUMENTED = "HighLevel does not document this rule; see the node's README";

function statusOf(invoice: IDataObject | null): string {
	return typeof invoice?.status === 'string' ? invoice.status : 'unknown';
}

function either(statuses: string[]): string {
	return `${statuses.slice(0, -1).join(', ')} or ${statuses[statuses.length - 1]}`;
}

/** Why an invoice whose status is not in `allowed` is refused, in HighLevel's status names. */
function refusal(status: string, done: string, does: string, allowed: string[]): Verdict {
	return {
		allowed: false,
		reason: `Invoice in ${status} status cannot be ${done}: HighLevel ${does} only ${either(allowed)} invoices (${UNDOCUMENTED})`,
	};
}

/** The one rule per operation that decides, from the invoice as read, what HighLevel would do. */
export const highLevelRules = {
	void(invoice: IDataObject | null): Verdict {
		const status = statusOf(invoice);
		if (status === 'void') return { allowed: false, alreadyDone: true, reason: 'The invoice is already void' };
		return VOIDABLE.includes(status) ? { allowed: true } : refusal(status, 'voided', 'voids', VOIDABLE);
	},
	// A deleted invoice cannot be read (404), so a delete is never provably done already.
	delete(invoice: IDataObject | null): Verdict {
		const status = statusOf(invoice);
		return DELETABLE.includes(status) ? { allowed: true } : refusal(status, 'deleted', 'deletes', DELETABLE);
	},
};

/** Dry run of one operation: `GET /invoices/{id}` and the operation's rule. */
export const predictWith = (rule: (invoice: IDataObject | null) => Verdict) => predictShared(currentInvoice, rule);

/**
 * Whether a refused void was refused because the invoice is void already. HighLevel does not
 * document its answer for that case, so any refusal other than auth, not found or rate limit is
 * checked with one read: `status: "void"` proves it, after a lost answer and on a re-run alike.
 */
export async function isVoidAlready(error: InvoiceOpsApiError, context: OperationContext): Promise<boolean> {
	if (error.httpStatus === null || error.httpStatus < 400 || error.httpStatus >= 500) return false;
	if ([401, 403, 404, 429].includes(error.httpStatus)) return false;
	// When the read fails too, the void's own error is the one to report.
	const invoice = await currentInvoice(context).catch(() => null);
	return invoice !== null && highLevelRules.void(invoice).alreadyDone === true;
}
