import type { IDataObject } from 'n8n-workflow';

import { predictWith as predictShared, type Verdict } from '../shared/rules';
import type { InvoiceOpsApiError } from '../shared/transport';
import type { OperationContext } from '../shared/types';
import { currentInvoice, currentSchedule } from './request';

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

/**
 * The recurring invoice schedule statuses the node relies on, here and nowhere else. HighLevel
 * documents none (its spec types `status` as an object, with the example "draft"), so these are
 * UNCONFIRMED: a wrong value only means a cancelled schedule is not recognised as such (Dry Run
 * predicts would_cancel, Succeed If Already Done leaves HighLevel's refusal standing), never that a
 * change is reported that did not happen. The test sandbox uses the same values.
 */
export const SCHEDULE_STATUS = { cancelled: 'cancelled' } as const;

/** The rule per schedule operation, from the schedule as read. */
export const scheduleRules = {
	cancel(schedule: IDataObject | null): Verdict {
		const status = statusOf(schedule);
		if (status === SCHEDULE_STATUS.cancelled) return { allowed: false, alreadyDone: true, reason: 'The invoice schedule is already cancelled' };
		// HighLevel documents no other status that refuses a cancel: its own refusal, if any, is reported.
		return { allowed: true };
	},
	// HighLevel documents no status that refuses a delete; a deleted schedule cannot be read (404),
	// which an id that never existed gets too, so a delete is never provably done already.
	delete(): Verdict {
		return { allowed: true };
	},
};

/** Dry run of one operation: `GET /invoices/{id}` and the operation's rule. */
export const predictWith = (rule: (invoice: IDataObject | null) => Verdict) => predictShared(currentInvoice, rule);

/** Dry run of one schedule operation: `GET /invoices/schedule/{id}` and the operation's rule. */
export const predictScheduleWith = (rule: (schedule: IDataObject | null) => Verdict) => predictShared(currentSchedule, rule);

/**
 * Whether a refused change was refused because it is made already, proven by one `read` that
 * `rule` judges done. HighLevel does not document its answer for that case, so any refusal
 * other than auth, not found or rate limit is checked: after a lost answer and on a re-run alike.
 */
function provenBy(read: (context: OperationContext) => Promise<IDataObject | null>, rule: (record: IDataObject) => Verdict) {
	return async (error: InvoiceOpsApiError, context: OperationContext): Promise<boolean> => {
		if (error.httpStatus === null || error.httpStatus < 400 || error.httpStatus >= 500) return false;
		if ([401, 403, 404, 429].includes(error.httpStatus)) return false;
		// When the read fails too, the change's own error is the one to report.
		const record = await read(context).catch(() => null);
		return record !== null && rule(record).alreadyDone === true;
	};
}

/** A refused void of an invoice that reads `status: "void"`. */
export const isVoidAlready = provenBy(currentInvoice, highLevelRules.void);

/** A refused cancel of a schedule that reads as cancelled (SCHEDULE_STATUS). */
export const isCancelledAlready = provenBy(currentSchedule, scheduleRules.cancel);
