import type { OperationContext, Prediction } from '../shared/types';
import { givenIds, idsOfInvoice, noInvoiceText, readInvoice, statusTargetRefusal } from './request';

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
