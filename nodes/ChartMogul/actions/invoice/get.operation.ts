import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import {
	externalIdQuery,
	idsOfInvoice,
	invoiceIdTypeOf,
	validateInvoiceReference,
} from './fields';

/** The one invoice a list by external id returned; none or several is an error. */
function onlyInvoice(context: OperationContext, body: unknown, dataSourceUuid: string): unknown {
	const invoices = (body as { invoices?: unknown } | null)?.invoices;
	const list = Array.isArray(invoices) ? invoices : [];
	const where = `external ID "${context.invoiceId}" in data source "${dataSourceUuid}"`;
	if (list.length === 0) {
		context.refuse(
			`ChartMogul has no invoice with ${where}`,
			'Check the external ID and that the Data Source UUID is the data source the invoice was imported into.',
		);
	}
	if (list.length > 1) {
		const uuids = list.map((invoice) => String(idsOfInvoice(invoice).invoiceUuid ?? '?')).join(', ');
		context.refuse(
			`ChartMogul has ${list.length} invoices with ${where}: ${uuids}`,
			'Use Invoice ID Type "ChartMogul UUID" with one of these UUIDs.',
		);
	}
	return list[0];
}

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
		if (invoiceIdTypeOf(context) === 'uuid') {
			// GET /v1/invoices/{uuid}
			const { body } = await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
			return { response: body, ids: { invoiceUuid: context.invoiceId, ...idsOfInvoice(body) } };
		}
		// GET /v1/invoices?data_source_uuid=&external_id=
		const query = externalIdQuery(context);
		const { body } = await context.send({ method: 'GET', path: ['invoices'], query });
		const invoice = onlyInvoice(context, body, String(query.data_source_uuid));
		return { response: invoice, ids: idsOfInvoice(invoice) };
	},
};
