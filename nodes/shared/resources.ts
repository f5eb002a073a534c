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

/** The node's resources, in the order its operations first name them. */
export function resourcesOf(operations: InvoiceOperation[]): Resource[] {
	const found: Resource[] = [];
	for (const operation of operations) {
		const resource = resourceOf(operation);
		if (!found.some((known) => known.value === resource.value)) found.push(resource);
	}
	return found;
}

/** The operations of one resource. */
export function operationsOf(operations: InvoiceOperation[], resource: Resource): InvoiceOperation[] {
	return operations.filter((operation) => resourceOf(operation).value === resource.value);
}
