import { createHash } from 'node:crypto';

import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { ParameterError, toBoolean } from './coerce';
import { addRunHints, reportOf, runHints, type ItemReport } from './hints';
import { alreadyDoneOutcome, auditFields, errorItem, isChange, successItem } from './output';
import { idOfUrl, isLocatorValue, locatorValue } from './locator';
import { rateLimitOf, type Clock } from './pacing';
import { NodeParameters } from './parameters';
import { INVOICE, resourceOf } from './resources';
import { numberOption, retryPolicyOf } from './retry';
import { settle } from './settle';
import { InvoiceOpsApiError, Transport, isNotFound } from './transport';
import type { InvoiceOperation, OperationContext, Prediction, Provider, Resource } from './types';
import { requireId } from './validate';

/** Why `mapInOrder` stopped: the first failure, and every result finished before it. */
export class StoppedRun<T> {
	constructor(
		readonly error: unknown,
		readonly finished: Array<T | undefined>,
		/** Indexes that never started. */
		readonly notStarted: number[],
		/** Failures of tasks already in flight when the first one failed. */
		readonly alsoFailed: Array<{ index: number; error: unknown }>,
	) {}
}

/**
 * Runs `task` for indexes 0..count-1 with at most `concurrency` in flight and returns the
 * results in index order. After a task throws, no new task starts (a failing run of
 * irreversible operations must not keep going), the tasks in flight finish, and a `StoppedRun`
 * is thrown that keeps every finished result.
 */
export async function mapInOrder<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T | undefined>(count);
	let next = 0;
	const failures: Array<{ index: number; error: unknown }> = [];
	const worker = async () => {
		while (failures.length === 0 && next < count) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	if (failures.length > 0) {
		const [first, ...others] = failures;
		const notStarted = Array.from({ length: count - next }, (_, offset) => next + offset);
		throw new StoppedRun(first.error, results, notStarted, others);
	}
	return results as T[];
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ParameterError) {
		return new NodeOperationError(context.getNode(), error.message, { itemIndex, description: error.description });
	}
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

/**
 * A failure after an attempt that may have been applied, which nothing could prove done: say so,
 * so that nobody reads it as "nothing happened" (or, for a delete answered 404, as "deleted").
 */
function unconfirmed(error: InvoiceOpsApiError, operation: InvoiceOperation, provider: Provider): InvoiceOpsApiError {
	const done = operation.outcome.replace('_', ' ');
	const [noun] = resourceOf(operation).noun;
	error.message = `${error.message}; an earlier attempt whose answer was lost (${error.afterUnclearAttempt}) may have ${done} it, and nothing could confirm it`;
	error.description = [
		`An earlier attempt of this request may have reached ${provider.displayName} and been applied (its answer was lost: ${error.afterUnclearAttempt}); the retry then got the answer above, and nothing could confirm whether the ${noun} was ${done}. Check the ${noun} in ${provider.displayName} before running again.`,
		error.description,
	].filter(Boolean).join(' ');
	return error;
}

/**
 * The record id of an item (Invoice ID, Schedule ID) from the value already read (expressions
 * evaluated once): version 1 holds the plain string; version 2 a resource locator, whose value is
 * the id for From List and By ID (as n8n's `extractValue` gives it), or a By URL value, whose id
 * the provider's URL form gives once the URL is known to name an invoice of the credential's
 * account (an n8n mismatch error would not say which form is expected).
 */
async function recordIdOf(run: RunState, resource: Resource, raw: unknown, itemIndex: number): Promise<unknown> {
	if (!isLocatorValue(raw)) return raw;
	// Provider URL forms are of invoices.
	const form = resource.value === INVOICE.value ? run.transport.provider.invoiceUrl : undefined;
	if (raw.mode === 'url' && form) return idOfUrl(raw.value, form, resource.idDisplayName, await run.transport.credentialsFor(itemIndex));
	return locatorValue(raw);
}

/** What the run shares between its items. */
interface RunState {
	context: IExecuteFunctions;
	transport: Transport;
	operations: InvoiceOperation[];
	parameters: NodeParameters;
	/** Values that must not repeat across items of one execution, per kind (e.g. idempotency keys). */
	claimed: Map<string, Map<string, number>>;
	/** What each finished item gave, for the run hints. */
	reports: ItemReport[];
}

/** Runs one item and keeps its report for the run hints. */
async function runItem(run: RunState, itemIndex: number): Promise<RunResult> {
	const seen: ItemSeen = { operation: '', resource: INVOICE.value };
	const output = await outputOf(run, itemIndex, seen);
	run.reports[itemIndex] = { ...reportOf(seen.operation, output, seen.repeatsDropped), resource: seen.resource };
	return output;
}

/** What `outputOf` learns on the way that its output does not carry. */
interface ItemSeen {
	operation: string;
	resource: string;
	/** Get Many: records listed twice by the provider and output once. */
	repeatsDropped?: number;
}

async function outputOf(run: RunState, itemIndex: number, seen: ItemSeen): Promise<RunResult> {
	const { context, transport, operations, parameters } = run;
	let operationName = '';
	let dryRun = false;
	let attempts = 0;
	let invoiceId: string | null = null;
	// The output field of the id: the resource's id parameter (invoiceId, or HighLevel's scheduleId).
	let idField = INVOICE.idParameter;
	const audit = () =>
		auditFields(context, {
			provider: transport.provider.name,
			operation: operationName,
			idField,
			invoiceId,
			dryRun,
			attempts,
		});

	// Every parameter is read in here, so that a bad one fails this item (Continue On Fail included).
	try {
		operationName = parameters.get<string>('operation', itemIndex);
		seen.operation = operationName;
		const resourceName = parameters.get<string>('resource', itemIndex, INVOICE.value);
		seen.resource = resourceName;
		const operation = operations.find((candidate) => candidate.value === operationName && resourceOf(candidate).value === resourceName);
		if (!operation) {
			throw new NodeOperationError(context.getNode(), `Unknown operation "${operationName}" of resource "${resourceName}"`, { itemIndex });
		}
		const resource = resourceOf(operation);
		idField = resource.idParameter;
		// The record first, so that an item refused for any other parameter still names it.
		if (operation.usesInvoiceId) {
			const rawId = parameters.get<unknown>(resource.idParameter, itemIndex);
			invoiceId = idForAudit(locatorValue(rawId));
			invoiceId = requireId(await recordIdOf(run, resource, rawId, itemIndex), resource.idDisplayName);
		}
		const options = parameters.get<IDataObject>('options', itemIndex, {});
		const offersSafety = operation.dryRunOutcome !== undefined;
		dryRun = offersSafety && toBoolean(options.dryRun, 'Dry Run');
		const succeedIfAlreadyDone = offersSafety && toBoolean(options.succeedIfAlreadyDone, 'Succeed If Already Done');
		const policy = retryPolicyOf(options);
		const operationContext: OperationContext = {
			provider: transport.provider,
			resource,
			itemIndex,
			invoiceId: invoiceId ?? '',
			options,
			// A picked data source or customer (node version 2) is its locator's value.
			param: <T>(name: string, fallback?: T) => locatorValue(parameters.get(name, itemIndex, fallback)) as T,
			flag: (name: string, displayName: string) => toBoolean(parameters.get<unknown>(name, itemIndex, false), displayName),
			refuse: (message: string, description?: string) => {
				throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
			},
			send: async (request) =>
				await transport.send(request, subject(), () => {
					attempts++;
				}),
			confirm: (response, understood, what) => {
				if (!understood) throw transport.unclearAnswer(subject(), what, response.statusCode);
			},
			claim: (kind: string, value: string) => {
				const seen = run.claimed.get(kind) ?? new Map<string, number>();
				run.claimed.set(kind, seen);
				const owner = seen.get(value);
				if (owner === undefined) seen.set(value, itemIndex);
				return owner === undefined || owner === itemIndex ? undefined : owner;
			},
			itemKey: itemKeyOf(context, itemIndex, operationName, invoiceId),
			credentials: async () => await transport.credentialsFor(itemIndex),
		};
		const subject = () => ({ itemIndex, action: operation.action, target: target(), policy, noun: resource.noun[0] });
		const target = () => operation.target?.(operationContext) ?? invoiceId ?? '';
		await operation.validate?.(operationContext);

		if (dryRun && operation.dryRunOutcome) {
			if (!operation.predict) return successItem(audit(), operation.dryRunOutcome, null, undefined, itemIndex);
			const prediction = await predictionOf(operation, operationContext);
			if (prediction.allowed) {
				return successItem(audit(), operation.dryRunOutcome, prediction.invoice, prediction.ids, itemIndex, undefined, prediction.notice);
			}
			const outcome = prediction.alreadyDone && succeedIfAlreadyDone ? alreadyDoneOutcome(operation.outcome) : 'would_fail';
			return successItem(audit(), outcome, prediction.invoice, prediction.ids, itemIndex, prediction.reason);
		}
		let failure: unknown;
		try {
			const result = await operation.execute(operationContext);
			seen.repeatsDropped = result.repeatsDropped;
			if (result.items) return result.items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			return successItem(audit(), result.outcome ?? operation.outcome, result.response, result.ids, itemIndex);
		} catch (error) {
			failure = error;
		}
		// A refusal right after an attempt that may have gone through (its answer lost): "gone" or
		// "already void" may be that attempt's own effect. Only a read that proves it counts.
		if (failure instanceof InvoiceOpsApiError && failure.afterUnclearAttempt !== undefined) {
			if (await operation.changeIsMade?.(failure, operationContext, 'afterLostAnswer')) {
				return successItem(audit(), operation.outcome, null, undefined, itemIndex);
			}
			failure = unconfirmed(failure, operation, transport.provider);
		}
		if (
			succeedIfAlreadyDone &&
			failure instanceof InvoiceOpsApiError &&
			(await operation.changeIsMade?.(failure, operationContext, 'succeedIfAlreadyDone'))
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
 * The error that stops a run, with the record of what the run already changed: n8n drops a
 * failing node's output, so every change made before the stop is listed in the description.
 */
function withRecordOfChanges(
	context: IExecuteFunctions,
	stopped: StoppedRun<RunResult>,
	itemCount: number,
	operations: InvoiceOperation[],
): Error {
	const error = asNodeError(context, stopped.error, 0) as NodeApiError | NodeOperationError;
	const named = (json: IDataObject) => {
		const resource = operations.map(resourceOf).find(({ idParameter }) => typeof json[idParameter] === 'string') ?? INVOICE;
		return `${resource.noun[0]} "${String(json[resource.idParameter] ?? json.customerUuid ?? '')}"`;
	};
	const changes = stopped.finished
		.flat()
		.filter((item): item is INodeExecutionData => item !== undefined && isChange(item.json.outcome))
		.map((item) => `item ${(item.pairedItem as { item: number }).item}: ${named(item.json)} ${String(item.json.outcome)}`);
	const record = [
		changes.length > 0
			? `Changes made in this run before it stopped (${changes.length}): ${changes.join('; ')}.`
			: 'No change was made in this run before it stopped.',
		stopped.alsoFailed.length > 0
			? `Items that were in flight and failed too: ${stopped.alsoFailed.map(({ index, error: other }) => `item ${index} (${(other as Error).message})`).join('; ')}.`
			: '',
		stopped.notStarted.length > 0
			? `Not started: ${stopped.notStarted.length} of ${itemCount} items (from item ${stopped.notStarted[0]}).`
			: '',
	].filter(Boolean).join(' ');
	error.description = [error.description, record].filter(Boolean).join(' ');
	return error;
}

/** Runtime settings that only tests change. */
export interface RunSettings {
	clock?: Clock;
}

/**
 * Concurrency, pace and budget sharing are about the whole run, so they come from the first item's options;
 * invalid ones fail the run before any request.
 */
function runOptionsOf(context: IExecuteFunctions, parameters: NodeParameters, provider: Provider) {
	if (context.getInputData().length === 0) return { concurrency: provider.defaultConcurrency, requestsPerSecond: 0, shareBudget: true };
	try {
		const options = parameters.get<IDataObject>('options', 0, {});
		const concurrency = numberOption(options, 'concurrency', 0);
		return {
			concurrency: concurrency >= 1 ? concurrency : provider.defaultConcurrency,
			requestsPerSecond: numberOption(options, 'maxRequestsPerSecond', 0),
			shareBudget: toBoolean(options.shareRateBudget, 'Share Rate Budget', true),
		};
	} catch (error) {
		throw asNodeError(context, error, 0);
	}
}

/** What one input item gives: its output item, or (Get Many) the records found. */
type RunResult = INodeExecutionData | INodeExecutionData[];

/**
 * The `execute` of every node in the package: one output item per input item, in order (Get
 * Many: one per record found, grouped by input item in input order).
 */
export async function executeInvoiceOperations(
	context: IExecuteFunctions,
	provider: Provider,
	operations: InvoiceOperation[],
	settings: RunSettings = {},
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const parameters = new NodeParameters(context);
	const { concurrency, requestsPerSecond, shareBudget } = runOptionsOf(context, parameters, provider);
	const transport = new Transport(context, provider, {
		rateLimit: rateLimitOf(requestsPerSecond, provider.rateLimit),
		clock: settings.clock,
		shareBudget,
	});
	const run: RunState = { context, transport, operations, parameters, claimed: new Map(), reports: [] };
	try {
		const results = await mapInOrder(items.length, concurrency, async (itemIndex) => await runItem(run, itemIndex));
		addRunHints(context, runHints(provider, operations, run.reports));
		return [results.flat()];
	} catch (error) {
		throw error instanceof StoppedRun
			? withRecordOfChanges(context, error as StoppedRun<RunResult>, items.length, operations)
			: asNodeError(context, error, 0);
	}
}
