import type { INodeProperties } from 'n8n-workflow';

import { OPTION_RANGES } from './retry';
import type { InvoiceOperation, Provider } from './types';

/** Shows `properties` only for the given operations of the `invoice` resource. */
export function showFor(operations: string[], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: ['invoice'], operation: operations },
		},
	}));
}

/** The warning a Delete operation shows above its fields: what deleting loses at this provider. */
export function deleteNotice(text: string): INodeProperties {
	return { displayName: text, name: 'deleteNotice', type: 'notice', default: '' };
}

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Invoice', value: 'invoice' }],
	default: 'invoice',
	description: 'What the node acts on',
};

/**
 * Which operations cannot be undone, said where users and AI agents choose: the writes are
 * those with a Dry Run (`dryRunOutcome`), but for those another operation undoes (`reversible`).
 */
function irreversibleText(operations: InvoiceOperation[]): string {
	const names = (kind: 'irreversible' | 'reversible' | 'read') =>
		listed(operations.filter((operation) => kindOf(operation) === kind).map(({ option }) => option.name));
	const reversible = names('reversible');
	const undone = reversible ? `; ${reversible} undo each other` : '';
	return `What to do. ${names('irreversible')} cannot be undone (try Dry Run first)${undone}; ${names('read')} only read`;
}

function kindOf(operation: InvoiceOperation): 'irreversible' | 'reversible' | 'read' {
	if (operation.dryRunOutcome === undefined) return 'read';
	return operation.reversible ? 'reversible' : 'irreversible';
}

/** `A`, `A and B`, `A, B and C`. */
function listed(names: string[]): string {
	return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function operationProperty(operations: InvoiceOperation[]): INodeProperties {
	const [first] = operations;
	const property: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: operations.map(({ value, option }) => ({ value, ...option })),
		default: '',
		description: irreversibleText(operations),
	};
	return { ...property, default: first.value };
}

function invoiceIdProperty(operations: InvoiceOperation[], description: string): INodeProperties[] {
	const using = operations.filter((operation) => operation.usesInvoiceId).map(({ value }) => value);
	return showFor(using, [
		{
			displayName: 'Invoice ID',
			name: 'invoiceId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.invoice_id }}',
			description,
		},
	]);
}

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to only report what would happen, without sending any request that changes anything. Where the provider can read the invoice, the node reads it and predicts the outcome (would_void, would_fail with the reason, ...). From an expression, true or false (also as text); anything else fails the item.',
};

const succeedIfAlreadyDoneOption: INodeProperties = {
	displayName: 'Succeed If Already Done',
	name: 'succeedIfAlreadyDone',
	type: 'boolean',
	default: false,
	description:
		'Whether an invoice already deleted, voided or written off counts as success (outcome already_deleted, already_voided, already_written_off), so a re-delivered webhook is harmless. Applies only where the provider can tell "already done" from "never existed".',
};

/**
 * Where the provider cannot prove "already done" for an operation, the option stays (it is part
 * of every node's contract) but changes nothing there, and its description says so.
 */
function succeedIfAlreadyDoneDescription(writes: InvoiceOperation[], provider: Provider | undefined): string {
	const unprovable = writes.filter((operation) => !operation.changeIsMade).map(({ option }) => option.name);
	if (unprovable.length === 0) return succeedIfAlreadyDoneOption.description!;
	const who = provider?.displayName ?? 'The provider';
	return `${succeedIfAlreadyDoneOption.description} ${who} cannot prove it for ${unprovable.join(', ')}: there the error stands.`;
}

/** Options that only make sense for operations that change something. */
function safetyOptions(operations: InvoiceOperation[], provider: Provider | undefined): INodeProperties[] {
	const writes = operations.filter((operation) => operation.dryRunOutcome);
	const shownForWrites = { show: { '/operation': writes.map(({ value }) => value) } };
	return [
		{ ...dryRunOption, displayOptions: shownForWrites },
		{
			...succeedIfAlreadyDoneOption,
			description: succeedIfAlreadyDoneDescription(writes, provider),
			displayOptions: shownForWrites,
		},
	];
}

function paceText(provider: Provider | undefined): string {
	if (!provider) return "0 keeps the provider's own pace";
	const limit = provider.rateLimit;
	if (!limit) return `0 (default): no pacing; ${provider.displayName} limits depend on your plan`;
	const perSecond = (limit.requests * 1000) / limit.perMilliseconds;
	return `0 (default): ${provider.displayName}'s own limit, ${limit.requests} per ${limit.perMilliseconds / 1000} s (${perSecond}/s)`;
}

/** The range retry.ts enforces, as the UI shows it. */
function rangeOf(option: keyof typeof OPTION_RANGES): { minValue: number; maxValue: number } {
	const { min, max } = OPTION_RANGES[option];
	return { minValue: min, maxValue: max };
}

/**
 * Options every node gets from the shared transport: retries, timeout, concurrency and pace.
 * The defaults are literals (n8n's lint wants them so) equal to retry.ts's DEFAULT_RETRY_POLICY.
 * `provider` (optional) names its defaults in the descriptions.
 */
export function transportOptions(provider?: Provider): INodeProperties[] {
	const concurrency = provider ? String(provider.defaultConcurrency) : "the provider's default";
	return [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: rangeOf('concurrency'),
			default: 0,
			description: `Items processed at once. 0 uses the default (${concurrency}). Outputs keep the input order.`,
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: rangeOf('maxAttempts'),
			default: 5,
			description: 'HTTP attempts per request, the first included, on a rate limit (429), 502, 503, 504, a reset connection or a timeout. Other errors are never retried.',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { ...rangeOf('maxRequestsPerSecond'), numberPrecision: 2 },
			default: 0,
			description: `Ceiling on requests per second across all items and retries. ${paceText(provider)}.`,
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: rangeOf('maxRetryWaitSeconds'),
			default: 120,
			description: 'Total time one request may wait between its attempts, including waits the provider asks for (Retry-After). When the next wait would pass it, the item fails with the last error.',
		},
		{
			displayName: 'Retry Base Delay (Ms)',
			name: 'retryBaseDelayMs',
			type: 'number',
			typeOptions: rangeOf('retryBaseDelayMs'),
			default: 1000,
			description: 'First wait before a retry when the provider names none; it doubles on each retry, with random jitter',
		},
		{
			displayName: 'Share Rate Budget',
			name: 'shareRateBudget',
			type: 'boolean',
			default: true,
			description:
				"Whether this node's executions share one request rate, one Retry-After hold and one in-flight cap with every other execution in this n8n process that uses the same credential (and the same Max Requests per Second), so that many executions at once keep to the provider's limit together. The shared rate adapts: it drops on a rate-limit answer (429) and grows back while none comes. Off: each execution paces only itself. From an expression, true or false (also as text); anything else fails the run.",
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: rangeOf('timeout'),
			default: 30000,
			description: 'How long one HTTP attempt may take before it counts as timed out (and is retried)',
		},
	];
}

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}

/**
 * The node's parameters in the order users read them: resource, operation, invoice id, the
 * operations' own fields, then the Options collection (the node's own options plus
 * `transportOptions`). `beforeInvoiceId` fields (with their own
 * `displayOptions`) sit between the operation and the invoice id, e.g. which kind of id it is.
 */
export function invoiceNodeProperties(config: {
	operations: InvoiceOperation[];
	invoiceIdDescription: string;
	options: INodeProperties[];
	leading?: INodeProperties[];
	beforeInvoiceId?: INodeProperties[];
	/** Names the provider's defaults in the shared options' descriptions. */
	provider?: Provider;
}): INodeProperties[] {
	const { operations } = config;
	return [
		...(config.leading ?? []),
		resourceProperty,
		operationProperty(operations),
		...(config.beforeInvoiceId ?? []),
		...invoiceIdProperty(operations, config.invoiceIdDescription),
		...operations.flatMap((operation) => showFor([operation.value], operation.properties)),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			description: 'Optional settings: Dry Run and Succeed If Already Done for changes, retries, pace and concurrency',
			displayOptions: { show: { resource: ['invoice'] } },
			// The node's own options and the transport's, alphabetically as n8n lists collections.
			options: [...config.options, ...safetyOptions(operations, config.provider), ...transportOptions(config.provider)].sort(
				byDisplayName,
			),
		},
	];
}
