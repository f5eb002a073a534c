import type { IDataObject } from 'n8n-workflow';

import type { OperationContext, OperationResult } from '../shared/types';
import { fetchPages, recordsAt, type ListEndpoint } from '../shared/paging';
import { requireId } from '../shared/validate';
import type { InvoiceIdType } from './options';

export function invoiceIdTypeOf(context: OperationContext): InvoiceIdType {
	const type = context.param<string>('invoiceIdType', 'uuid');
	if (type !== 'uuid' && type !== 'externalId') {
		context.refuse(`The parameter "Invoice ID Type" must be "uuid" or "externalId" (got "${type}")`);
	}
	return type;
}

/** The data source of an external invoice ID. */
export const dataSourceUuidOf = (context: OperationContext) =>
	requireId(context.param<unknown>('dataSourceUuid', ''), 'Data Source UUID');

/** Checks before any request for the operations that name one invoice. */
export function validateInvoiceReference(context: OperationContext): void {
	if (invoiceIdTypeOf(context) === 'externalId') dataSourceUuidOf(context);
}

/** `?data_source_uuid=&external_id=`: how ChartMogul finds an invoice by the billing system's id. */
export function externalIdQuery(context: OperationContext): IDataObject {
	return { data_source_uuid: dataSourceUuidOf(context), external_id: context.invoiceId };
}

/** The ids the item itself gives: a UUID, or an external id with its data source. */
export function givenIds(context: OperationContext): IDataObject {
	if (invoiceIdTypeOf(context) === 'uuid') return { invoiceUuid: context.invoiceId };
	return { externalId: context.invoiceId, dataSourceUuid: dataSourceUuidOf(context) };
}

/** The ids of a ChartMogul invoice object worth keeping in the audit record. */
export function idsOfInvoice(invoice: unknown): IDataObject {
	const record = (typeof invoice === 'object' && invoice !== null ? invoice : {}) as IDataObject;
	const ids: IDataObject = {};
	if (typeof record.uuid === 'string') ids.invoiceUuid = record.uuid;
	if (typeof record.external_id === 'string') ids.externalId = record.external_id;
	if (typeof record.data_source_uuid === 'string') ids.dataSourceUuid = record.data_source_uuid;
	return ids;
}

/** ChartMogul's longest page of a list (`per_page` <= 200). */
const PAGE_SIZE = 200;


interface InvoicePage {
	invoices: unknown[];
	cursor?: string | null;
	has_more?: boolean;
}

function pageOf(body: unknown): InvoicePage {
	const page = (typeof body === 'object' && body !== null ? body : {}) as Partial<InvoicePage>;
	return { ...page, invoices: Array.isArray(page.invoices) ? page.invoices : [] };
}

/** How a message names an invoice given by external id. */
export function byExternalIdText(context: OperationContext): string {
	return `external ID "${context.invoiceId}" in data source "${dataSourceUuidOf(context)}"`;
}

export const noInvoiceText = (context: OperationContext) => `ChartMogul has no invoice with ${byExternalIdText(context)}`;

/** What makes ChartMogul's reads include disabled invoices. */
const WITH_DISABLED: IDataObject = { with_disabled: 'true' };

/**
 * UNCONFIRMED, the one place this is assumed: whether `GET /v1/invoices/{uuid}` shows a disabled
 * invoice without `with_disabled=true`. ChartMogul documents the flag for the list (it lists a
 * disabled invoice only with it); the SDK's `Invoice.retrieve` takes it too, and its test data
 * show a disabled invoice read without it. Assumed not, so reads that must see disabled invoices
 * ask for them on the single read as well, which is harmless if ChartMogul shows them anyway.
 */
const SINGLE_READ_SHOWS_DISABLED = false;

/**
 * The invoice the item names, read with one GET: `GET /v1/invoices/{uuid}` (a 404 throws), or
 * `GET /v1/invoices?data_source_uuid=&external_id=`, where an empty list gives `undefined`.
 * Several invoices with one external id are refused: the node would not know which is meant.
 * `withDisabled` (Disable / Enable) also finds a disabled invoice (`with_disabled=true`).
 */
export async function readInvoice(context: OperationContext, { withDisabled = false } = {}): Promise<unknown> {
	if (invoiceIdTypeOf(context) === 'uuid') {
		const query = withDisabled && !SINGLE_READ_SHOWS_DISABLED ? WITH_DISABLED : undefined;
		const { body } = await context.send({ method: 'GET', path: ['invoices', context.invoiceId], query });
		return body;
	}
	const query = { ...externalIdQuery(context), ...(withDisabled ? WITH_DISABLED : {}) };
	const { body } = await context.send({ method: 'GET', path: ['invoices'], query });
	const { invoices } = pageOf(body);
	if (invoices.length > 1) {
		const uuids = invoices.map((invoice) => String(idsOfInvoice(invoice).invoiceUuid ?? '?')).join(', ');
		context.refuse(
			`ChartMogul has ${invoices.length} invoices with ${byExternalIdText(context)}: ${uuids}`,
			'Use Invoice ID Type "ChartMogul UUID" with one of these UUIDs.',
		);
	}
	return invoices[0];
}

/**
 * `GET /v1/invoices` with `query`, page by page: `per_page` up to 200 and ChartMogul's `cursor`
 * while it says `has_more` (paging.ts guards against a cursor that does not advance).
 */
export function invoiceList(query: IDataObject): ListEndpoint<string> {
	return {
		maxPageSize: PAGE_SIZE,
		idField: 'uuid',
		request: (cursor, perPage) => ({ method: 'GET', path: ['invoices'], query: { ...query, per_page: perPage, cursor } }),
		read(body, _cursor, context) {
			const records = recordsAt(body, 'invoices', context);
			const { has_more: hasMore, cursor } = body as { has_more?: unknown; cursor?: unknown };
			if (hasMore !== true) return { records, next: undefined };
			if (typeof cursor === 'string' && cursor !== '') return { records, next: cursor };
			return context.refuse('ChartMogul said the invoice list has more pages (has_more) but gave no cursor to them');
		},
	};
}

/**
 * The `uuid` and `external_id` of every invoice of a customer in a data source, all pages. Only
 * the ids are kept (an invoice without a uuid whole, so that it still counts once), so that the
 * Delete All dry run holds little however many invoices would go.
 */
export async function customerInvoiceIds(
	context: OperationContext,
	dataSourceUuid: string,
	customerUuid: string,
): Promise<IDataObject[]> {
	const list = invoiceList({ data_source_uuid: dataSourceUuid, customer_uuid: customerUuid });
	const idsOnly: ListEndpoint<string> = {
		...list,
		read(body, cursor, readContext) {
			const page = list.read(body, cursor, readContext);
			const ids = (invoice: IDataObject) =>
				typeof invoice?.uuid === 'string' ? { uuid: invoice.uuid, external_id: invoice.external_id } : invoice;
			return { ...page, records: page.records.map(ids) };
		},
	};
	const listing = await fetchPages(context, idsOnly, undefined, {
		tooManyAdvice: 'Delete All deletes them in one request whatever their number, but its Dry Run cannot list them all: check the customer in ChartMogul, or use Get Many with Limit to review them in batches.',
	});
	return listing.records;
}

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
export function statusTargetRefusal(context: OperationContext, invoice: unknown): string | undefined {
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
	const refusal = statusTargetRefusal(context, body);
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

/** `disabled` as the invoice object reports it; `undefined` when it does not say. */
export function disabledStateOf(invoice: unknown): boolean | undefined {
	const disabled = (typeof invoice === 'object' && invoice !== null ? invoice : {}) as IDataObject;
	return typeof disabled.disabled === 'boolean' ? disabled.disabled : undefined;
}

/**
 * `PATCH /v1/invoices/{uuid}/disabled_state` with `{"disabled": true|false}`; by external id the
 * one-request form `PATCH /v1/invoices/disabled_state?data_source_uuid=&external_id=`, which the
 * SDK (chartmogul-node 3.12 `Invoice.disableByExternalId` / `enableByExternalId`) sends: no
 * lookup, so it neither costs a second request nor depends on a list that hides disabled
 * invoices (`with_disabled`), which Enable would need. The answer must be this invoice in the
 * new state (ChartMogul returns the invoice with `disabled`, `disabled_at`, `disabled_by`).
 */
export async function setDisabledState(context: OperationContext, disabled: boolean): Promise<OperationResult> {
	const byUuid = invoiceIdTypeOf(context) === 'uuid';
	const response = await context.send(
		byUuid
			? { method: 'PATCH', path: ['invoices', context.invoiceId, 'disabled_state'], body: { disabled } }
			: { method: 'PATCH', path: ['invoices', 'disabled_state'], query: externalIdQuery(context), body: { disabled } },
	);
	const answered = idsOfInvoice(response.body);
	const aboutThisInvoice = (byUuid ? answered.invoiceUuid : answered.externalId) === context.invoiceId;
	context.confirm(
		response,
		aboutThisInvoice && disabledStateOf(response.body) === disabled,
		aboutThisInvoice ? `the invoice it returned is not ${disabled ? 'disabled' : 'enabled'}` : 'it did not return this invoice',
	);
	return { response: response.body, ids: { ...givenIds(context), ...answered } };
}
