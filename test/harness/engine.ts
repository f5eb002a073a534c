import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	LoggerProxy,
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentials-helper';
import { credentialTypes, nodeTypes, PACKAGE } from './package';

export class PackageNodeTypes implements INodeTypes {
	constructor(private readonly types: Map<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string) {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = this.getByName(nodeType);
		return 'nodeVersions' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface RunNodeOptions {
	/** The node's `name` in the package, e.g. `chargebee`, or the full type of an extra node type. */
	node: string;
	parameters: INodeParameters;
	/** Credential data by credential type; the node uses the one its parameters select. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Input items (json); defaults to one empty item. */
	items?: IDataObject[];
	/** "On Error: Continue (regular output)". */
	continueOnFail?: boolean;
	/** Extra credential types the engine must know (e.g. n8n's `oAuth2Api`). */
	extraCredentialTypes?: ICredentialType[];
	/** Shares credential storage between runs (tokens written back by preAuthentication). */
	store?: Map<string, StoredCredential>;
	/**
	 * Node types from outside the package by full type (e.g. n8n's `n8n-nodes-base.httpRequest`,
	 * or a test-only node); `node` may then name one of them by its full type.
	 */
	extraNodeTypes?: Map<string, INodeType | IVersionedNodeType>;
	/** The node's `typeVersion` (default 1), for versioned extra node types. */
	typeVersion?: number;
	/** Replaces the test credentials helper, e.g. with one that encrypts like n8n (benchmarks). */
	credentialsHelper?: (types: Map<string, ICredentialType>, store: Map<string, StoredCredential>) => TestCredentialsHelper;
}

export interface RunNodeResult {
	/** Output items of the node (empty when it failed). */
	items: INodeExecutionData[];
	/** The node's error when the run failed. */
	error?: Error & { description?: string | null; httpCode?: string | null };
	/** The execution hints the node added (n8n shows them above its output). */
	hints: NodeExecutionHint[];
	run: IRun;
	executionId: string;
	workflowId: string;
	credentialsHelper: TestCredentialsHelper;
}

const NODE_NAME = 'Invoice Ops';

// n8n's engine logs node errors; the tests assert on them instead.
const silent = () => undefined;
LoggerProxy.init({ error: silent, warn: silent, info: silent, debug: silent });
let executionCounter = 0;

/**
 * Runs one of the package's nodes inside n8n-core's real `WorkflowExecute`, with input items
 * handed to it the way a previous node would, and returns its output.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const types = new Map<string, ICredentialType>(
		[...credentialTypes(), ...(options.extraCredentialTypes ?? [])].map((type) => [type.name, type]),
	);
	const store = options.store ?? new Map<string, StoredCredential>();
	const nodeCredentials: INode['credentials'] = {};
	for (const [type, data] of Object.entries(options.credentials)) {
		const id = `cred-${type}`;
		if (!store.has(id)) store.set(id, { id, name: `${type} (test)`, type, data: { ...data } });
		nodeCredentials[type] = { id, name: `${type} (test)` };
	}
	const credentialsHelper = options.credentialsHelper?.(types, store) ?? new TestCredentialsHelper(types, store);
	const allNodeTypes = new Map([...nodeTypes(), ...(options.extraNodeTypes ?? [])]);

	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: allNodeTypes.has(options.node) ? options.node : `${PACKAGE}.${options.node}`,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: nodeCredentials,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflowId = 'wf-invoice-ops-test';
	const workflow = new Workflow({
		id: workflowId,
		name: 'invoice-ops test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new PackageNodeTypes(allNodeTypes),
		settings: { executionOrder: 'v1' },
	});

	const executionId = `exec-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflowId,
		name: 'invoice-ops test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));

	const unavailable = async () => {
		throw new Error('not available in the test engine');
	};
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		executeWorkflow: unavailable,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: unavailable,
	} as unknown as IWorkflowExecuteAdditionalData;

	const input = (options.items ?? [{}]).map((json): INodeExecutionData => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [input] }, source: null }],
		},
	});
	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished;

	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		error: (task?.error ?? run.data.resultData.error) as RunNodeResult['error'],
		hints: task?.hints ?? [],
		run,
		executionId,
		workflowId,
		credentialsHelper,
	};
}
