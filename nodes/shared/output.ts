import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvoiceOpsApiError } from './transport';
import type { Outcome } from './types';

/** Fields every output item carries, so that the items form an audit trail. */
export interface AuditFields {
	provider: string;
	operation: string;
	/** The output field that names the record: `invoiceId`, or HighLevel's `scheduleId` for a schedule. */
	idField: string;
	/** The record's id (under `idField` in the item). */
	invoiceId: string | null;
	dryRun: boolean;
	attempts: number;
	performedAt: string;
	executionId: string;
	workflowId: string;
}

export function auditFields(
	context: IExecuteFunctions,
	fields: Omit<AuditFields, 'performedAt' | 'executionId' | 'workflowId'>,
): AuditFields {
	return {
		...fields,
		performedAt: new Date().toISOString(),
		executionId: context.getExecutionId(),
		workflowId: String(context.getWorkflow().id ?? ''),
	};
}

/**
 * A successful item. `ids` are the invoice ids learnt on the way (shown next to `invoiceId`);
 * `reason` explains a `would_fail` dry run in the provider's terms; `notice` is what a dry run
 * says even of a change that would go through (e.g. that a resync may undo it).
 */
export function successItem(
	audit: AuditFields,
	outcome: Outcome,
	response: unknown,
	ids: IDataObject | undefined,
	itemIndex: number,
	reason?: string,
	notice?: string,
): INodeExecutionData {
	const { provider, operation, idField, invoiceId, ...rest } = audit;
	return {
		json: {
			provider,
			operation,
			[idField]: invoiceId,
			...ids,
			success: true,
			outcome,
			...(reason === undefined ? {} : { reason }),
			...(notice === undefined ? {} : { notice }),
			...rest,
			response,
		} as IDataObject,
		pairedItem: { item: itemIndex },
	};
}

const ALREADY_DONE: Partial<Record<Outcome, Outcome>> = {
	deleted: 'already_deleted',
	voided: 'already_voided',
	written_off: 'already_written_off',
	disabled: 'already_disabled',
	enabled: 'already_enabled',
	cancelled: 'already_cancelled',
};

/** Outcomes that mean this run changed something at the provider. */
const CHANGES: Outcome[] = ['deleted', 'voided', 'written_off', 'disabled', 'enabled', 'cancelled'];

export function isChange(outcome: unknown): boolean {
	return CHANGES.includes(outcome as Outcome);
}

/** `already_deleted` for `deleted`, and so on. */
export function alreadyDoneOutcome(outcome: Outcome): Outcome {
	return ALREADY_DONE[outcome] ?? outcome;
}

/** The error item of Continue On Fail: what failed and why, never a secret. */
export function errorItem(audit: AuditFields, error: Error, itemIndex: number): INodeExecutionData {
	const { provider, operation, idField, invoiceId, ...rest } = audit;
	const apiError = error instanceof InvoiceOpsApiError ? error : undefined;
	return {
		json: {
			provider,
			operation,
			[idField]: invoiceId,
			success: false,
			outcome: 'failed',
			...rest,
			response: null,
			error: {
				message: error.message,
				httpStatus: apiError?.httpStatus ?? null,
				code: apiError?.providerCode ?? null,
			},
		},
		pairedItem: { item: itemIndex },
	};
}
