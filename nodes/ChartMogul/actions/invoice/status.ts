import type { OperationContext, OperationResult } from '../../../shared/types';
import { dataSourceUuidOf, idsOfInvoice, invoiceIdTypeOf } from './fields';

export type InvoiceStatus = 'voided' | 'written_off';

interface StatusTarget {
	externalId: string;
	dataSourceUuid: string;
	invoiceUuid?: string;
}

/**
 * The status endpoint takes the billing system's id, not ChartMogul's UUID: a UUID is first
 * resolved with `GET /v1/invoices/{uuid}` to the invoice's external id and data source.
 */
async function statusTarget(context: OperationContext): Promise<StatusTarget> {
	if (invoiceIdTypeOf(context) === 'externalId') {
		return { externalId: context.invoiceId, dataSourceUuid: dataSourceUuidOf(context) };
	}
	const { body } = await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
	const { externalId, dataSourceUuid } = idsOfInvoice(body);
	if (typeof externalId !== 'string' || externalId === '' || typeof dataSourceUuid !== 'string' || dataSourceUuid === '') {
		context.refuse(
			`ChartMogul's invoice "${context.invoiceId}" came without an external_id and data_source_uuid, which the status change needs`,
			'Set "Invoice ID Type" to "External ID" and give the invoice\'s external ID and Data Source UUID.',
		);
	}
	return { externalId, dataSourceUuid, invoiceUuid: context.invoiceId };
}

/** `PUT /v1/data_sources/{ds}/invoices/{external_id}/status` with `{"status": ...}`. */
export async function changeStatus(context: OperationContext, status: InvoiceStatus): Promise<OperationResult> {
	const target = await statusTarget(context);
	const handleAsUserEdit = context.param<boolean>('handleAsUserEdit', false) === true;
	const response = await context.send({
		method: 'PUT',
		path: ['data_sources', target.dataSourceUuid, 'invoices', target.externalId, 'status'],
		query: handleAsUserEdit ? { handle_as_user_edit: 'true' } : undefined,
		body: { status },
	});
	return { response: response.body, ids: { ...target } };
}
