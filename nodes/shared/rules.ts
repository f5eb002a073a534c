import type { IDataObject } from 'n8n-workflow';

import type { OperationContext, Prediction, ProviderResponse } from './types';

/** What a provider's rules say about one operation on an invoice as read. */
export type Verdict = Omit<Prediction, 'invoice' | 'ids'>;

/**
 * A dry run of one operation: `read` the invoice (never a change) and judge it by `rule`;
 * `shown` is what the item's `response` shows of the read (the invoice itself by default).
 */
export function predictWith<T>(
	read: (context: OperationContext) => Promise<T>,
	rule: (invoice: T) => Verdict,
	shown: (invoice: T) => unknown = (invoice) => invoice,
) {
	return async (context: OperationContext): Promise<Prediction> => {
		const invoice = await read(context);
		return { invoice: shown(invoice), ...rule(invoice) };
	};
}

/**
 * Fails the item unless the provider's answer is about this invoice (`provider.answeredInvoice`:
 * where the invoice sits in the answer and which field holds its id; the same for another
 * resource's record, e.g. HighLevel's schedule) and `shows` holds for it: a
 * 2xx from anything else, e.g. a proxy, is never reported as a change.
 */
export function confirmInvoice(
	context: OperationContext,
	response: ProviderResponse,
	shows: (invoice: IDataObject) => boolean,
	what: string,
): void {
	const { answeredInvoice } = context.provider;
	if (!answeredInvoice) throw new Error(`${context.provider.displayName} declares no answeredInvoice`);
	const invoice = answeredInvoice.of(response.body) as IDataObject | null | undefined;
	const aboutThisInvoice = typeof invoice === 'object' && invoice !== null && invoice[answeredInvoice.idField] === context.invoiceId;
	const [noun] = context.resource.noun;
	context.confirm(
		response,
		aboutThisInvoice && shows(invoice),
		aboutThisInvoice ? `the ${noun} it returned is not ${what}` : `it did not return this ${noun}`,
	);
}
