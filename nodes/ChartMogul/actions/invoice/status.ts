import type { OperationContext, OperationResult, Prediction } from '../../../shared/types';
import { dataSourceUuidOf, givenIds, idsOfInvoice, invoiceIdTypeOf } from './fields';
import { noInvoiceText, readInvoice } from './read';

export type InvoiceStatus = 'voided' | 'written_off';

interface StatusTarget {
	externalId: string;
	dataSourceUuid: string;
	invoiceUuid?: string;
}

/**
 * The rule Void and Write Off are judged by, in a dry run and before a real status change alike:
 * the invoice exists (`undefined`: an external id no invoice has), and it carries the
 * `external_id` and `data_source_uuid` the status endpoint names it by. The status it has now
 * does not count: ChartMogul documents no rule about it, and sets a status the invoice already
 * has again (an assumption, see docs/providers.md). Returns why not, or `undefined` when allowed.
 */
export function statusChangeRefusal(context: OperationContext, invoice: unknown): string | undefined {
	if (invoice === undefined) return noInvoiceText(context);
	const { externalId, dataSourceUuid } = idsOfInvoice(invoice);
	if (!externalId || !dataSourceUuid) {
		return `ChartMogul's invoice "${context.invoiceId}" came without an external_id and data_source_uuid, which the status change needs`;
	}
	return undefined;
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
	const refusal = statusChangeRefusal(context, body);
	if (refusal) {
		context.refuse(
			refusal,
			'Set "Invoice ID Type" to "External ID" and give the invoice\'s external ID and Data Source UUID.',
		);
	}
	const { externalId, dataSourceUuid } = idsOfInvoice(body) as { externalId: string; dataSourceUuid: string };
	return { externalId, dataSourceUuid, invoiceUuid: context.invoiceId };
}

/** `PUT /v1/data_sources/{ds}/invoices/{external_id}/status` with `{"status": ...}`. */
export async function changeStatus(context: OperationContext, status: InvoiceStatus): Promise<OperationResult> {
	const target = await statusTarget(context);
	const handleAsUserEdit = context.flag('handleAsUserEdit', 'Handle as User Edit');
	const response = await context.send({
		method: 'PUT',
		path: ['data_sources', target.dataSourceUuid, 'invoices', target.externalId, 'status'],
		query: handleAsUserEdit ? { handle_as_user_edit: 'true' } : undefined,
		body: { status },
	});
	return { response: response.body, ids: { ...target } };
}

/** Dry Run of Void and Write Off: reads the invoice (by UUID or external id) and applies the rule. */
export async function predictStatusChange(context: OperationContext): Promise<Prediction> {
	const invoice = await readInvoice(context);
	const reason = statusChangeRefusal(context, invoice);
	return {
		invoice: invoice ?? null,
		allowed: reason === undefined,
		reason,
		ids: { ...givenIds(context), ...idsOfInvoice(invoice) },
	};
}
