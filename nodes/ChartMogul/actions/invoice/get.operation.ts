import type { InvoiceOperation } from '../../../shared/types';
import { verb } from '../../../shared/verbs';
import { givenIds, idsOfInvoice, noInvoiceText, readInvoice, validateInvoiceReference } from '../../request';

export const getOperation: InvoiceOperation = {
	...verb('get', 'Read an invoice: a safe first step before deleting, voiding or writing it off'),
	properties: [],
	validate: validateInvoiceReference,
	async execute(context) {
		// GET /v1/invoices/{uuid}, or GET /v1/invoices?data_source_uuid=&external_id= (the one invoice)
		const invoice = await readInvoice(context);
		if (invoice === undefined) {
			context.refuse(
				noInvoiceText(context),
				'Check the external ID and that the Data Source UUID is the data source the invoice was imported into.',
			);
		}
		return { response: invoice, ids: { ...givenIds(context), ...idsOfInvoice(invoice) } };
	},
};
