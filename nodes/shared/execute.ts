import { createHash } from 'node:crypto';

import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { alreadyDoneOutcome, auditFields, errorItem, successItem } from './output';
import { rateLimitOf } from './pacing';
import { NodeParameters } from './parameters';
import { retryPolicyOf } from './retry';
import { isNotFound, settle } from './settle';
import { InvoiceOpsApiError, Transport } from './transport';
import type { InvoiceOperation, OperationContext, Prediction, Provider } from './types';
import { requireId } from './validate';

/**
 * Runs `task` for indexes 0..count-1 with at most `concurrency` in flight and returns the
 * results in index order. After a task throws, no new task starts: a failing run of
 * irreversible operations must not keep going.
 */
export async function mapInOrder<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const failures: unknown[] = [];
	const worker = async () => {
		while (failures.length === 0 && next < count) {
			const index = next++;
			results[index] = await task(index).catch((error: unknown) => {
				failures.push(error);
				return undefined as T;
			});
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	if (failures.length > 0) throw failures[0];
	return results;
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

function idForAudit(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

const ITEM_KEY_MAX = 100;

/**
 * Names one item of one execution of this node: stable across the item's retries, different for
 * every other item, run and node. Readable when it fits, else shortened with a hash.
 */
function itemKeyOf(context: IExecuteFunctions, itemIndex: number, operation: string, invoiceId: string | null): string {
	const key = ['n8n', context.getExecutionId(), context.getNode().id, itemIndex, operation, invoiceId ?? ''].join(':');
	// Header-safe: printable ASCII only (an id may hold anything), else its hash.
	const fits = key.length <= ITEM_KEY_MAX && /^[\x20-\x7e]*$/.test(key);
	return fits ? key : `n8n:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * A dry run's read. An invoice the provider does not find is a prediction too (the real run
 * would fail the same way); any other failure (a wrong key...) stays an error.
 */
async function predictionOf(operation: InvoiceOperation, context: OperationContext): Promise<Prediction> {
	const read = await settle(operation.predict!(context));
	if (read.ok) return read.value;
	if (read.error instanceof InvoiceOpsApiError && isNotFound(read.error)) {
		return { invoice: null, allowed: false, reason: read.error.message };
	}
	throw read.error;
}

async function runItem(
	context: IExecuteFunctions,
	transport: Transport,
	operations: InvoiceOperation[],
	itemIndex: number,
	parameters: NodeParameters,
): Promise<INodeExecutionData | INodeExecutionData[]> {
	const operationName = parameters.get<string>('operation', itemIndex);
	const options = parameters.get<IDataObject>('options', itemIndex, {});
	const dryRun = options.dryRun === true;
	let attempts = 0;
	let retriedUnclearAttempt = false;
	let invoiceId: string | null = null;
	const audit = () =>
		auditFields(context, {
			provider: transport.provider.name,
			operation: operationName,
			invoiceId,
			dryRun,
			attempts,
		});

	try {
		const operation = operations.find((candidate) => candidate.value === operationName);
		if (!operation) {
			throw new NodeOperationError(context.getNode(), `Unknown operation "${operationName}"`, { itemIndex });
		}
		if (operation.usesInvoiceId) {
			const rawId = parameters.get<unknown>('invoiceId', itemIndex);
			invoiceId = idForAudit(rawId);
			invoiceId = requireId(context, rawId, 'Invoice ID', itemIndex);
		}
		const operationContext: OperationContext = {
			provider: transport.provider,
			itemIndex,
			invoiceId: invoiceId ?? '',
			options,
			param: <T>(name: string, fallback?: T) => parameters.get(name, itemIndex, fallback),
			refuse: (message: string, description?: string) => {
				throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
			},
			send: async (request) => {
				let previousMayHaveBeenApplied = false;
				return await transport.send(
					request,
					{ itemIndex, action: operation.action, target: target(), policy: retryPolicyOf(options) },
					({ mayHaveBeenApplied }) => {
						attempts++;
						if (previousMayHaveBeenApplied) retriedUnclearAttempt = true;
						previousMayHaveBeenApplied = mayHaveBeenApplied;
					},
				);
			},
			itemKey: itemKeyOf(context, itemIndex, operationName, invoiceId),
			credentials: async () => await transport.credentialsFor(itemIndex),
		};
		const target = () => operation.target?.(operationContext) ?? invoiceId ?? '';
		await operation.validate?.(operationContext);

		const succeedIfAlreadyDone = options.succeedIfAlreadyDone === true;
		if (dryRun && operation.dryRunOutcome) {
			if (!operation.predict) return successItem(audit(), operation.dryRunOutcome, null, undefined, itemIndex);
			const prediction = await predictionOf(operation, operationContext);
			if (prediction.allowed) {
				return successItem(audit(), operation.dryRunOutcome, prediction.invoice, prediction.ids, itemIndex);
			}
			const outcome = prediction.alreadyDone && succeedIfAlreadyDone ? alreadyDoneOutcome(operation.outcome) : 'would_fail';
			return successItem(audit(), outcome, prediction.invoice, prediction.ids, itemIndex, prediction.reason);
		}
		let failure: unknown;
		try {
			const result = await operation.execute(operationContext);
			if (result.items) return result.items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			return successItem(audit(), result.outcome ?? operation.outcome, result.response, result.ids, itemIndex);
		} catch (error) {
			failure = error;
		}
		// Only after a retry of an attempt that may have gone through: then "gone" or "already
		// void" is most likely that attempt's own effect, not a wrong id.
		if (
			retriedUnclearAttempt &&
			failure instanceof InvoiceOpsApiError &&
			(await operation.isAlreadyDone?.(failure, operationContext))
		) {
			return successItem(audit(), operation.outcome, null, undefined, itemIndex);
		}
		if (
			succeedIfAlreadyDone &&
			failure instanceof InvoiceOpsApiError &&
			(await operation.wasAlreadyDone?.(failure, operationContext))
		) {
			return successItem(audit(), alreadyDoneOutcome(operation.outcome), null, undefined, itemIndex);
		}
		throw asNodeError(context, failure, itemIndex);
	} catch (error) {
		const nodeError = asNodeError(context, error, itemIndex);
		if (!context.continueOnFail()) throw nodeError;
		return errorItem(audit(), nodeError, itemIndex);
	}
}

/**
 * The `execute` of every node in the package: one output item per input item, in order (Get
 * Many: one per record found, grouped by input item in input order).
 */
export async function executeInvoiceOperations(
	context: IExecuteFunctions,
	provider: Provider,
	operations: InvoiceOperation[],
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	// Concurrency and pace are about the whole run, so they come from the first item's options.
	const parameters = new NodeParameters(context);
	const options = items.length > 0 ? parameters.get<IDataObject>('options', 0, {}) : {};
	const transport = new Transport(context, provider, {
		rateLimit: rateLimitOf(options.maxRequestsPerSecond, provider.rateLimit),
	});
	const concurrency = typeof options.concurrency === 'number' && options.concurrency >= 1
		? Math.floor(options.concurrency)
		: provider.defaultConcurrency;
	const results = await mapInOrder(items.length, concurrency, async (itemIndex) =>
		await runItem(context, transport, operations, itemIndex, parameters),
	);
	return [results.flat()];
}
