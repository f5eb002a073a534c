import type { InvoiceOperation } from '../../../shared/types';
import { externalIdQuery, invoiceIdTypeOf, validateInvoiceReference } from './fields';

export const deleteOperation: InvoiceOperation = {
	value: 'delete',
	action: 'delete invoice',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: true,
	option: {
		name: 'Delete',
		description: 'Permanently delete an invoice with its line items and transactions',
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
	// A retried delete that finds no invoice: the first attempt, whose answer was lost, deleted it.
	isAlreadyDone: (error) => error.httpStatus === 404,
};
