/**
 * The files `n8n import:credentials` and `n8n import:workflow` read, built from the served
 * providers: the same shapes a user exports from the editor.
 */
import { join, readFileSync } from '../harness/node';
import type { AnyServedProvider } from '../sandbox/served/types';

export const PACKAGE = 'n8n-nodes-invoice-ops';

export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	executeOnce?: boolean;
	webhookId?: string;
}

export interface WorkflowFile {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Record<string, unknown>;
}

/** n8n ids are short strings; these stay stable so re-imports overwrite instead of piling up. */
export const credentialId = (provider: AnyServedProvider) => `iops${provider.name}Cred`.slice(0, 16);

export function credentialFile(provider: AnyServedProvider, url: string): CredentialFile {
	const { type, data } = provider.credential(url);
	return { id: credentialId(provider), name: `${provider.displayName} sandbox`, type, data };
}

function providerNode(provider: AnyServedProvider, parameters: Record<string, unknown>, position: [number, number], typeVersion = 1): WorkflowNode {
	const credential = provider.credential('');
	return {
		id: `${provider.name}-node`,
		name: `${provider.displayName} Invoice Ops`,
		type: `${PACKAGE}.${provider.name}`,
		typeVersion,
		position,
		parameters,
		credentials: { [credential.type]: { id: credentialId(provider), name: `${provider.displayName} sandbox` } },
	};
}

const link = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });

/**
 * Manual Trigger -> the provider's node: what `n8n execute --id` runs. Version 1 (the default) is
 * the node as every workflow saved before version 2 holds it.
 */
export function manualWorkflow(
	id: string,
	name: string,
	provider: AnyServedProvider,
	parameters: Record<string, unknown>,
	onError?: string,
	typeVersion = 1,
): WorkflowFile {
	const node = { ...providerNode(provider, parameters, [220, 0], typeVersion), ...(onError ? { onError } : {}) };
	return {
		id,
		name,
		active: false,
		nodes: [
			{ id: 'trigger', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			node,
		],
		connections: { 'When clicking ‘Execute workflow’': link(node.name) },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Manual Trigger -> the provider's node with `first` -> another of its nodes with `second`:
 * e.g. Get Many feeding Void (with Dry Run), one Void item per invoice found.
 */
export function chainWorkflow(
	id: string,
	name: string,
	provider: AnyServedProvider,
	first: Record<string, unknown>,
	second: Record<string, unknown>,
): WorkflowFile {
	const firstNode = { ...providerNode(provider, first, [220, 0]), id: `${provider.name}-first`, name: `${provider.displayName} Get Many` };
	const secondNode = { ...providerNode(provider, second, [440, 0]), id: `${provider.name}-second` };
	return {
		id,
		name,
		active: false,
		nodes: [
			{ id: 'trigger', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			firstNode,
			secondNode,
		],
		connections: { 'When clicking ‘Execute workflow’': link(firstNode.name), [firstNode.name]: link(secondNode.name) },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Webhook (POST `path`, body `{ "invoiceId": ... }`) -> the provider's node -> Respond to Webhook
 * with the node's output item: how a billing system would call the workflow.
 */
export function webhookWorkflow(id: string, path: string, provider: AnyServedProvider, parameters: Record<string, unknown>): WorkflowFile {
	const node = {
		...providerNode(provider, { ...parameters, invoiceId: '={{ $json.body.invoiceId }}' }, [220, 0]),
		onError: 'continueRegularOutput',
	};
	return {
		id,
		name: `${provider.displayName}: webhook`,
		active: true,
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
				webhookId: `${id}-hook`,
			},
			node,
			{
				id: 'respond',
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: { respondWith: 'firstIncomingItem', options: {} },
			},
		],
		connections: { Webhook: link(node.name), [node.name]: link('Respond to Webhook') },
		settings: { executionOrder: 'v1' },
	};
}

/** A workflow with only a Manual Trigger: the canvas the editor check adds nodes to. */
export function triggerOnlyWorkflow(id: string, name: string): WorkflowFile {
	return {
		id,
		name,
		active: false,
		nodes: [{ id: 'trigger', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The mirror example: Chargebee Invoice Ops Trigger (invoice_deleted, registering its own
 * webhook endpoint, confirming each event) -> ChartMogul Invoice Ops deleting the invoice by
 * its external id (the Chargebee id) in the Chargebee data source.
 */
export function chargebeeMirrorWorkflow(
	id: string,
	chargebee: AnyServedProvider,
	chartMogul: AnyServedProvider,
	dataSourceUuid: string,
): WorkflowFile {
	const trigger: WorkflowNode = {
		id: 'chargebee-trigger',
		name: 'Chargebee invoice deleted',
		type: `${PACKAGE}.chargebeeTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { events: ['invoice_deleted'], registerWebhook: true, confirmEvents: true },
		credentials: { invoiceOpsChargebeeApi: { id: credentialId(chargebee), name: `${chargebee.displayName} sandbox` } },
		webhookId: `${id}-hook`,
	};
	const mirror = {
		...providerNode(
			chartMogul,
			{
				resource: 'invoice',
				operation: 'delete',
				invoiceIdType: 'externalId',
				dataSourceUuid,
				invoiceId: '={{ $json.content.invoice.id }}',
				options: {},
			},
			[220, 0],
		),
		name: 'Delete in ChartMogul',
	};
	return {
		id,
		name: 'Chargebee invoice deleted -> ChartMogul delete',
		active: true,
		nodes: [trigger, mirror],
		connections: { [trigger.name]: link(mirror.name) },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * One of the package's triggers -> HTTP Request posting the trigger's item to `recorderUrl`:
 * every execution leaves exactly one request there, so the recorder counts executions.
 */
export function triggerToRecorderWorkflow(id: string, name: string, trigger: WorkflowNode, recorderUrl: string): WorkflowFile {
	const record: WorkflowNode = {
		id: 'record',
		name: 'Record execution',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 0],
		parameters: {
			method: 'POST',
			url: recorderUrl,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
	};
	return {
		id,
		name,
		active: true,
		nodes: [trigger, record],
		connections: { [trigger.name]: link(record.name) },
		settings: { executionOrder: 'v1' },
	};
}

/** Where the drift sweep example is shipped: the one workflow JSON block of this document. */
export const DRIFT_SWEEP_DOC = 'docs/drift-sweep.md';

/** The names of the drift sweep's nodes the tests and `npm run dev -- --check` read. */
export const DRIFT_SWEEP_NODES = {
	chartMogul: 'ChartMogul: invoices of one data source',
	chargebee: 'Chargebee: invoices changed since a date',
	compare: 'Compare Datasets',
	action: 'Disable in ChartMogul',
	summary: 'Summary',
} as const;

type ShippedWorkflow = Pick<WorkflowFile, 'connections'> & { nodes: Array<Omit<WorkflowNode, 'id'>> };

/** The drift sweep exactly as docs/drift-sweep.md ships it (compiled to .cache/test-build/test/e2e/). */
export function shippedDriftSweep(): ShippedWorkflow {
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test code runs in Node, never inside n8n
	const markdown = readFileSync(join(__dirname, '..', '..', '..', '..', DRIFT_SWEEP_DOC), 'utf8');
	const workflows = [...markdown.matchAll(/```json\n([\s\S]*?)\n```/g)]
		.map(([, block]) => JSON.parse(block) as Partial<ShippedWorkflow>)
		.filter((parsed): parsed is ShippedWorkflow => Boolean(parsed.nodes && parsed.connections));
	if (workflows.length !== 1) throw new Error(`${DRIFT_SWEEP_DOC} has ${workflows.length} workflow blocks, not one`);
	return workflows[0];
}

export interface DriftSweepChanges {
	/** The action node's Dry Run option (the shipped default: on). */
	dryRun?: boolean;
	/** The action node's operation instead of Disable (`void`, `delete`), as the docs say to choose. */
	operation?: string;
	/** Mirrors the canvas top to bottom, so the Chargebee branch is above and n8n runs it first. */
	flipCanvas?: boolean;
}

/**
 * The shipped drift sweep as a user sets it up: the sandboxes' credentials in its Invoice Ops
 * nodes and the ChartMogul data source to sweep; `changes` are the ones the docs describe.
 */
export function driftSweepWorkflow(
	id: string,
	name: string,
	providers: { chargebee: AnyServedProvider; chartMogul: AnyServedProvider },
	dataSourceUuid: string,
	changes: DriftSweepChanges = {},
): WorkflowFile {
	const shipped = shippedDriftSweep();
	const byCredential = new Map(
		Object.values(providers).map((provider) => [provider.credential('').type, { id: credentialId(provider), name: `${provider.displayName} sandbox` }]),
	);
	const nodes = shipped.nodes.map((node, index): WorkflowNode => {
		const parameters = JSON.parse(JSON.stringify(node.parameters)) as Record<string, unknown>;
		if (node.name === DRIFT_SWEEP_NODES.chartMogul) (parameters.filters as Record<string, unknown>).dataSourceUuid = dataSourceUuid;
		if (node.name === DRIFT_SWEEP_NODES.action) {
			if (changes.dryRun !== undefined) (parameters.options as Record<string, unknown>).dryRun = changes.dryRun;
			if (changes.operation !== undefined) parameters.operation = changes.operation;
		}
		const credentials = node.credentials
			? Object.fromEntries(Object.keys(node.credentials).map((type) => [type, byCredential.get(type)!]))
			: undefined;
		const [x, y] = node.position;
		return {
			...node,
			id: `drift-node-${index}`,
			parameters,
			...(credentials ? { credentials } : {}),
			position: changes.flipCanvas ? [x, 200 - y] : [x, y],
		};
	});
	return { id, name, active: false, nodes, connections: shipped.connections, settings: { executionOrder: 'v1' } };
}
