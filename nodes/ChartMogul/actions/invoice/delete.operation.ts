import type { InvoiceOperation } from '../../../shared/types';
import { deleteNotice } from '../../../shared/descriptions';
import { verb } from '../../../shared/verbs';
import { externalIdQuery, invoiceIdTypeOf, validateInvoiceReference } from '../../request';
import { predictDelete } from '../../rules';

export const deleteOperation: InvoiceOperation = {
	...verb('delete', 'Irreversible: permanently delete an invoice with its line items and transactions; prefer Void to keep the record'),
	properties: [
		deleteNotice('Deleting is permanent: the invoice goes with its line items and transactions, and a subscription whose only invoice it was goes too. For automatic data sources (Stripe, Chargebee, Recurly, Braintree, ...) a resync may bring the invoice back: Disable keeps it out of the metrics for good, and can be undone.'),
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
	// Also says that an automatic data source may restore it, and that Disable lasts.
	predict: predictDelete,
	// No changeIsMade: ChartMogul answers a deleted invoice and one that never existed with the
	// same 404 "Invoice not found", so neither a retried delete nor a re-run can prove it done.
};
