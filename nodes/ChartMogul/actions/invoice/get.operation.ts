import type { InvoiceOperation } from '../../../shared/types';
import { givenIds, idsOfInvoice, validateInvoiceReference } from './fields';
import { noInvoiceText, readInvoice } from './read';

export const getOperation: InvoiceOperation = {
	value: 'get',
	action: 'get invoice',
	outcome: 'fetched',
	usesInvoiceId: true,
	option: {
		name: 'Get',
		description: 'Read an invoice: a safe first step before deleting, voiding or writing it off',
		action: 'Get an invoice',
	},
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
