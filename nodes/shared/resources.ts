import type { InvoiceOperation, Resource } from './types';

/** The resource of every node: one invoice, named by the `invoiceId` parameter. */
export const INVOICE: Resource = {
	value: 'invoice',
	displayName: 'Invoice',
	idParameter: 'invoiceId',
	idDisplayName: 'Invoice ID',
	idPlaceholder: 'e.g. {{ $json.invoice_id }}',
	noun: ['invoice', 'invoices'],
	one: 'an invoice',
};

/** What `operation` acts on. */
export function resourceOf(operation: Pick<InvoiceOperation, 'resource'>): Resource {
	return operation.resource ?? INVOICE;
}
