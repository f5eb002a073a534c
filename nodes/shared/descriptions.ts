import type { INodeProperties } from 'n8n-workflow';

import { versionedPicker, type Picker } from './locator';
import { INVOICE, resourceOf } from './resources';
import { OPTION_RANGES } from './retry';
import type { InvoiceOperation, Provider, Resource } from './types';

/** Shows `properties` only for the given operations of `resource` (the invoice by default). */
export function showFor(operations: string[], properties: INodeProperties[], resource: Resource = INVOICE): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource.value], operation: operations },
		},
	}));
}

/** The warning a Delete operation shows above its fields: what deleting loses at this provider. */
export function deleteNotice(text: string): INodeProperties {
	return { displayName: text, name: 'deleteNotice', type: 'notice', default: '' };
}

function resourceProperty(resources: Resource[]): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map(({ displayName, value }) => ({ name: displayName, value })),
		// A literal, as n8n's lint wants: every node's first resource is the invoice (INVOICE).
		default: 'invoice',
		description: 'What the node acts on',
	};
}

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

function operationProperty(operations: InvoiceOperation[], resource: Resource): INodeProperties {
	const [first] = operations;
	const property: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operations.map(({ value, option }) => ({ value, ...option })),
		default: '',
		description: irreversibleText(operations),
	};
	return { ...property, default: first.value };
}

/**
 * The id parameter of every operation of `resource` that names one record (Invoice ID, or
 * HighLevel's Schedule ID): one definition for every resource, from its descriptor. On node
 * version 1 a plain string, as saved workflows hold it; from version 2 a resource locator with
 * the provider's picker, where it has one.
 */
function idProperty(resource: Resource, operations: InvoiceOperation[], description: string, picker: Picker | undefined): INodeProperties[] {
	const using = operations.filter((operation) => operation.usesInvoiceId).map(({ value }) => value);
	const property: INodeProperties = {
		displayName: resource.idDisplayName,
		name: resource.idParameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: resource.idPlaceholder,
		description,
	};
	return showFor(using, versionedPicker(property, picker), resource);
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
	const unprovable = [...new Set(writes.filter((operation) => !operation.changeIsMade).map(({ option }) => option.name))];
	if (unprovable.length === 0) return succeedIfAlreadyDoneOption.description!;
	const who = provider?.displayName ?? 'The provider';
	return `${succeedIfAlreadyDoneOption.description} ${who} cannot prove it for ${unprovable.join(', ')}: there the error stands.`;
}

/** Options that only make sense for operations that change something. */
function safetyOptions(operations: InvoiceOperation[], provider: Provider | undefined): INodeProperties[] {
	const writes = operations.filter((operation) => operation.dryRunOutcome);
	// Operation values mean the same verb in every resource, so the values alone select the writes.
	const shownForWrites = { show: { '/operation': [...new Set(writes.map(({ value }) => value))] } };
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

/** A resource after the invoice: its operations (each naming the resource) and its id's description. */
export interface MoreResource {
	operations: InvoiceOperation[];
	idDescription: string;
	/** Its id's picker from node version 2 (absent: a plain string on every version). */
	picker?: Picker;
}

/**
 * The node's parameters in the order users read them: resource, operation, invoice id, the
 * operations' own fields, then the Options collection (the node's own options plus
 * `transportOptions`). `beforeInvoiceId` fields (with their own
 * `displayOptions`) sit between the operation and the invoice id, e.g. which kind of id it is.
 * `moreResources` (HighLevel's invoice schedules) follow the invoice's, each in the same shape.
 */
export function invoiceNodeProperties(config: {
	operations: InvoiceOperation[];
	invoiceIdDescription: string;
	options: INodeProperties[];
	leading?: INodeProperties[];
	beforeInvoiceId?: INodeProperties[];
	/** Names the provider's defaults in the shared options' descriptions. */
	provider?: Provider;
	/** The Invoice ID's picker from node version 2 (absent: a plain string on every version). */
	invoicePicker?: Picker;
	moreResources?: MoreResource[];
}): INodeProperties[] {
	const invoices: MoreResource = { operations: config.operations, idDescription: config.invoiceIdDescription, picker: config.invoicePicker };
	const groups = [invoices, ...(config.moreResources ?? [])].map(
		(group) => ({ ...group, resource: resourceOf(group.operations[0]) }),
	);
	const operations = groups.flatMap((group) => group.operations);
	const resources = groups.map(({ resource }) => resource);
	return [
		...(config.leading ?? []),
		resourceProperty(resources),
		...groups.map((group) => operationProperty(group.operations, group.resource)),
		...(config.beforeInvoiceId ?? []),
		...groups.flatMap((group) => idProperty(group.resource, group.operations, group.idDescription, group.picker)),
		...operations.flatMap((operation) => showFor([operation.value], operation.properties, resourceOf(operation))),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			description: 'Optional settings: Dry Run and Succeed If Already Done for changes, retries, pace and concurrency',
			displayOptions: { show: { resource: resources.map(({ value }) => value) } },
			// The node's own options and the transport's, alphabetically as n8n lists collections.
			options: [...config.options, ...safetyOptions(operations, config.provider), ...transportOptions(config.provider)].sort(
				byDisplayName,
			),
		},
	];
}
