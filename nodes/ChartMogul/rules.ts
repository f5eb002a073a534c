import type { IDataObject } from 'n8n-workflow';

import type { Verdict } from '../shared/rules';
import { settle } from '../shared/settle';
import { isNotFound, type InvoiceOpsApiError } from '../shared/transport';
import type { OperationContext, Prediction } from '../shared/types';
import { chartMogul } from './provider';
import { disabledStateOf, givenIds, idsOfInvoice, noInvoiceText, readInvoice, statusTargetRefusal } from './request';

/**
 * The rule Delete is judged by: ChartMogul deletes any invoice that exists. `undefined` is an
 * external id no invoice has (a UUID that none has is a 404 of the read itself).
 */
export function deleteRefusal(context: OperationContext, invoice: unknown): string | undefined {
	return invoice === undefined ? noInvoiceText(context) : undefined;
}

/**
 * The rule Void and Write Off are judged by, in a dry run and before a real status change alike:
 * the invoice exists and carries the ids the status endpoint names it by (`statusTargetRefusal`).
 * The status it has now does not count: ChartMogul documents no rule about it.
 */
export const statusChangeRefusal = statusTargetRefusal;

/** A dry run judged by `refusal`: reads the invoice (by UUID or external id) and applies it. */
export function predictBy(refusal: (context: OperationContext, invoice: unknown) => string | undefined) {
	return async (context: OperationContext): Promise<Prediction> => {
		const invoice = await readInvoice(context);
		const reason = refusal(context, invoice);
		return {
			invoice: invoice ?? null,
			allowed: reason === undefined,
			reason,
			ids: { ...givenIds(context), ...idsOfInvoice(invoice) },
		};
	};
}

/** Dry Run of Void and Write Off. */
export const predictStatusChange = predictBy(statusChangeRefusal);

/**
 * Dry Run of Delete: as `predictBy(deleteRefusal)`, and it says that an automatic data source may
 * restore the invoice at its next sync and that Disable lasts (the run hint's own words). The
 * invoice read does not show the kind of its data source, so it is said of every delete.
 */
export async function predictDelete(context: OperationContext): Promise<Prediction> {
	const prediction = await predictBy(deleteRefusal)(context);
	const warning = chartMogul.hints?.afterDelete;
	if (!prediction.allowed || !warning) return prediction;
	return { ...prediction, notice: [warning.message, warning.lasting?.message].filter(Boolean).join(' ') };
}

const listOf = (value: unknown): IDataObject[] =>
	Array.isArray(value) ? value.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null) : [];

const lacksExternalId = (record: IDataObject) => typeof record.external_id !== 'string' || record.external_id.trim() === '';

function counted(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/**
 * What of ChartMogul's condition for Disable / Enable the invoice as read fails: the invoice and
 * every line item and transaction need an external id (dev.chartmogul.com "Disable an invoice").
 * The other condition, an automatic data source, does not show on the invoice: ChartMogul's own
 * refusal then tells, in the real run.
 */
function missingExternalIds(invoice: IDataObject): string | undefined {
	const missing = [
		lacksExternalId(invoice) ? 'the invoice' : '',
		...[
			[listOf(invoice.line_items).filter(lacksExternalId).length, 'line item', 'line items'] as const,
			[listOf(invoice.transactions).filter(lacksExternalId).length, 'transaction', 'transactions'] as const,
		].map(([count, one, many]) => (count > 0 ? counted(count, one, many) : '')),
	].filter(Boolean);
	return missing.length > 0 ? missing.join(', ') : undefined;
}

/**
 * The rule Disable (`disabled` true) and Enable (false) are judged by, in a dry run and when a
 * refusal is asked whether the change is already made: the invoice exists, is not already in
 * that state (`alreadyDone`, proven only by a `disabled` field that says so), and has the
 * external ids ChartMogul requires.
 */
export function disabledStateVerdict(context: OperationContext, invoice: unknown, disabled: boolean): Verdict {
	if (invoice === undefined) return { allowed: false, reason: noInvoiceText(context) };
	const state = disabled ? 'disabled' : 'enabled';
	if (disabledStateOf(invoice) === disabled) return { allowed: false, alreadyDone: true, reason: `the invoice is already ${state}` };
	const missing = missingExternalIds(invoice as IDataObject);
	if (missing) {
		return {
			allowed: false,
			reason: `${missing} without an external_id; ChartMogul disables and enables only invoices whose line items and transactions all have external IDs`,
		};
	}
	return { allowed: true };
}

/** Dry Run of Disable / Enable: reads the invoice, disabled ones included, and judges it. */
export function predictDisabledState(disabled: boolean) {
	return async (context: OperationContext): Promise<Prediction> => {
		const invoice = await readInvoice(context, { withDisabled: true });
		return {
			invoice: invoice ?? null,
			...disabledStateVerdict(context, invoice, disabled),
			ids: { ...givenIds(context), ...idsOfInvoice(invoice) },
		};
	};
}

/** Refusals no read can turn into "already done": the key, the permission, the rate limit. */
const NOT_ABOUT_THE_INVOICE = [401, 403, 429];

/**
 * Whether a refused Disable / Enable is already in effect: only when the invoice, read now
 * (disabled ones included), says `disabled` is the target state. A 404 of the write is asked too:
 * by external id ChartMogul may not find a disabled invoice where its list would not show it.
 */
export function disabledStateIsMade(disabled: boolean) {
	return async (error: InvoiceOpsApiError, context: OperationContext): Promise<boolean> => {
		const status = error.httpStatus;
		if (status === null || status >= 500 || NOT_ABOUT_THE_INVOICE.includes(status)) return false;
		const read = await settle(readInvoice(context, { withDisabled: true }));
		if (read.ok) return read.value !== undefined && disabledStateOf(read.value) === disabled;
		if (isNotFound(read.error)) return false;
		throw read.error;
	};
}
