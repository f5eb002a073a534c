import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { externalIdQuery, givenIds, idsOfInvoice, invoiceIdTypeOf, validateInvoiceReference } from './fields';
import { noInvoiceText, readInvoice } from './read';

/**
 * The rule Delete is judged by: ChartMogul deletes any invoice that exists. `undefined` is an
 * external id no invoice has (a UUID that none has is a 404 of the read itself).
 */
export function deleteRefusal(context: OperationContext, invoice: unknown): string | undefined {
	return invoice === undefined ? noInvoiceText(context) : undefined;
}

export const deleteOperation: InvoiceOperation = {
	value: 'delete',
	action: 'delete invoice',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: true,
	option: {
		name: 'Delete',
		description: 'Irreversible: permanently delete an invoice with its line items and transactions; prefer Void to keep the record',
		action: 'Delete an invoice',
	},
	properties: [
		{
			displayName:
				'Deleting is permanent: the invoice goes with its line items and transactions, and a subscription whose only invoice it was goes too. For automatic data sources (Stripe, Chargebee, Recurly, Braintree, ...) a resync may bring the invoice back.',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
		},
	],
	validate: validateInvoiceReference,
	async execute(context) {
		if (invoiceIdTypeOf(context) === 'uuid') {
			// DELETE /v1/invoices/{uuid} -> 204
			const response = await context.send({ method: 'DELETE', path: ['invoices', context.invoiceId] });
			return { response: response.body, ids: { invoiceUuid: context.invoiceId } };
		}
		// DELETE /v1/invoices?data_source_uuid=&external_id= -> 204
		const query = externalIdQuery(context);
		const response = await context.send({ method: 'DELETE', path: ['invoices'], query });
		return { response: response.body, ids: { externalId: context.invoiceId, dataSourceUuid: query.data_source_uuid } };
	},
	// No isAlreadyDone: a deleted invoice answers 404 like one that never existed, so a retried
	// delete answered 404 cannot be proven done, and the item fails saying so.
	async predict(context) {
		const invoice = await readInvoice(context);
		const reason = deleteRefusal(context, invoice);
		return {
			invoice: invoice ?? null,
			allowed: reason === undefined,
			reason,
			ids: { ...givenIds(context), ...idsOfInvoice(invoice) },
		};
	},
	// No wasAlreadyDone: ChartMogul answers a deleted invoice and one that never existed with the
	// same 404 "Invoice not found", so a re-run cannot prove the invoice was deleted before.
};
