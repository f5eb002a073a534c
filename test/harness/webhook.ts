import { HookContext, WebhookContext } from 'n8n-core';

import { createServer, type AddressInfo, type Server } from './node';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentials-helper';
import { credentialTypes, nodeTypes, PACKAGE } from './package';

export interface Delivery {
	headers?: Record<string, string>;
	/** Sent as it is (the raw bytes); `body` is what n8n's body parser would make of it. */
	rawBody?: string;
	body?: IDataObject;
	/** `manual` for a delivery to "Test this trigger" (n8n's test webhook); default `webhook`, the active workflow. */
	mode?: 'webhook' | 'manual';
}

export interface DeliveryResult {
	/** What the sender was answered: the node's own status, or n8n's 200 when it started a run. */
	status: number;
	responseBody: unknown;
	headers: Record<string, string>;
	/** The items of the execution the delivery started, or undefined when it started none. */
	execution?: INodeExecutionData[];
}

/** `<webhookBaseUrl>/<webhookId>/webhook`, as n8n builds a trigger's production URL. */
export const WEBHOOK_BASE_URL = 'http://localhost:5678/webhook';

/**
 * One workflow holding one of the package's trigger nodes, driven the way n8n drives it:
 * `activate()` runs `checkExists` and, when it says false, `create` in n8n-core's real
 * HookContext; `deliver()` runs `webhook()` in n8n-core's real WebhookContext with an HTTP
 * request and response; `deactivate()` runs `delete`. Static data lives across calls as n8n
 * keeps it in its database. A delivery starts an execution exactly when `webhook()` returns
 * `workflowData` (n8n's rule); the harness records those.
 */
export class TriggerHarness {
	readonly executions: INodeExecutionData[][] = [];

	/** Every line the trigger logged through `this.logger` (activation hooks and deliveries). */
	readonly logs: Array<{ level: string; message: string; metadata?: unknown }> = [];

	readonly workflow: Workflow;

	readonly node: INode;

	private readonly nodeType: INodeType;

	private readonly additionalData: IWorkflowExecuteAdditionalData;

	constructor(options: {
		node: string;
		parameters: INodeParameters;
		credentials: Record<string, ICredentialDataDecryptedObject>;
		workflowId?: string;
		workflowName?: string;
		webhookId?: string;
		/** Where n8n would be reached; `TriggerHarness.listen` points it at a real local server. */
		webhookBaseUrl?: string;
		/** The workflow's static data as n8n stored it (e.g. after a restart). */
		staticData?: IDataObject;
	}) {
		const types = new Map<string, ICredentialType>(credentialTypes().map((type) => [type.name, type]));
		const store = new Map<string, StoredCredential>();
		const nodeCredentials: INode['credentials'] = {};
		for (const [type, data] of Object.entries(options.credentials)) {
			const id = `cred-${type}`;
			store.set(id, { id, name: `${type} (test)`, type, data: { ...data } });
			nodeCredentials[type] = { id, name: `${type} (test)` };
		}
		const all = nodeTypes();
		const fullType = `${PACKAGE}.${options.node}`;
		const nodeType = all.get(fullType);
		if (!nodeType || 'nodeVersions' in nodeType) throw new Error(`Unknown trigger ${options.node}`);
		this.nodeType = nodeType;
		this.node = {
			id: 'trigger-under-test',
			name: 'Trigger',
			type: fullType,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: nodeCredentials,
			webhookId: options.webhookId ?? 'e0c1a3f2-5b6d-4c7e-8f90-a1b2c3d4e5f6',
		};
		const nodeTypesRegistry: INodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
		this.workflow = new Workflow({
			id: options.workflowId ?? 'wf-trigger-test',
			name: options.workflowName ?? 'Mirror deletions',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: nodeTypesRegistry,
			staticData: options.staticData ?? {},
			settings: { executionOrder: 'v1' },
		});
		this.additionalData = {
			credentialsHelper: new TestCredentialsHelper(types, store),
			executionId: undefined,
			workflowId: this.workflow.id,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			webhookBaseUrl: options.webhookBaseUrl ?? WEBHOOK_BASE_URL,
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private server?: Server;

	/** The production URL n8n gives the trigger. */
	get url(): string {
		return `${this.additionalData.webhookBaseUrl}/${this.node.webhookId}/webhook`;
	}

	/**
	 * A harness whose webhook URL is a real HTTP server on 127.0.0.1, so that a sandbox can deliver
	 * to it: each request there is handed to `deliver()` with its raw bytes and headers.
	 */
	static async listen(options: ConstructorParameters<typeof TriggerHarness>[0]): Promise<TriggerHarness> {
		const holder: { harness?: TriggerHarness } = {};
		const server = createServer((request, response) => {
			void (async () => {
				const chunks: Buffer[] = [];
				for await (const chunk of request) chunks.push(chunk as Buffer);
				const headers = Object.fromEntries(
					Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
				);
				try {
					const result = await holder.harness!.deliver({ headers, rawBody: Buffer.concat(chunks).toString('utf8') });
					response.writeHead(result.status, { 'Content-Type': 'application/json', ...result.headers });
					response.end(JSON.stringify(result.responseBody ?? null));
				} catch (error) {
					// n8n answers 500 when webhook() throws.
					response.writeHead(500, { 'Content-Type': 'application/json' });
					response.end(JSON.stringify({ message: (error as Error).message }));
				}
			})();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		holder.harness = new TriggerHarness({ ...options, webhookBaseUrl: `http://127.0.0.1:${port}/webhook` });
		holder.harness.server = server;
		return holder.harness;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node) as IDataObject;
	}

	private webhookData(): IWebhookData {
		const description = this.nodeType.description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.additionalData,
			webhookId: this.node.webhookId,
		} as IWebhookData;
	}

	private hook(activation: 'activate' | 'update' | 'init') {
		return this.recordingLogs(new HookContext(this.workflow, this.node, this.additionalData, 'trigger', activation, this.webhookData()));
	}

	/** The context with its `logger` (n8n's, from n8n's DI container) replaced by one that records into `logs`. */
	private recordingLogs<T extends object>(context: T): T {
		const record = (level: string) => (message: string, metadata?: unknown) => this.logs.push({ level, message, metadata });
		const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
		Object.defineProperty(context, 'logger', { value: logger });
		return context;
	}

	/** What n8n does when the workflow is activated: `checkExists`, then `create` if needed. */
	async activate(): Promise<{ existed: boolean }> {
		const methods = this.nodeType.webhookMethods!.default!;
		const existed = await methods.checkExists!.call(this.hook('activate'));
		if (!existed) await methods.create!.call(this.hook('activate'));
		return { existed };
	}

	/** What n8n does when the workflow is deactivated. */
	async deactivate(): Promise<void> {
		await this.nodeType.webhookMethods!.default!.delete!.call(this.hook('update'));
	}

	async deliver(delivery: Delivery): Promise<DeliveryResult> {
		const rawBody = delivery.rawBody ?? JSON.stringify(delivery.body ?? {});
		let body: IDataObject = delivery.body ?? {};
		if (delivery.body === undefined) {
			try {
				body = JSON.parse(rawBody) as IDataObject;
			} catch {
				body = {};
			}
		}
		const headers = Object.fromEntries(
			Object.entries({ 'content-type': 'application/json', ...delivery.headers }).map(([name, value]) => [name.toLowerCase(), value]),
		);
		const request = {
			method: 'POST',
			headers,
			body,
			rawBody: Buffer.from(rawBody, 'utf8'),
			query: {},
			params: {},
			readRawBody: async () => undefined,
		};
		const answer = { status: 200, body: undefined as unknown, headers: {} as Record<string, string>, sent: false };
		const response = {
			status(code: number) {
				answer.status = code;
				return response;
			},
			setHeader(name: string, value: string) {
				answer.headers[name.toLowerCase()] = value;
				return response;
			},
			json(value: unknown) {
				answer.body = value;
				answer.sent = true;
				return response;
			},
			send(value: unknown) {
				answer.body = value;
				answer.sent = true;
				return response;
			},
			end(value?: unknown) {
				if (value !== undefined) answer.body = value;
				answer.sent = true;
				return response;
			},
		};
		const additionalData = { ...this.additionalData, httpRequest: request, httpResponse: response } as unknown as IWorkflowExecuteAdditionalData;
		const context = this.recordingLogs(new WebhookContext(this.workflow, this.node, additionalData, delivery.mode ?? 'webhook', this.webhookData(), [], null));
		const result = await this.nodeType.webhook!.call(context);
		if (result.workflowData) {
			// n8n answers an `onReceived` trigger with 200 and runs the workflow with these items.
			const items = result.workflowData[0];
			this.executions.push(items);
			return { status: 200, responseBody: { message: 'Workflow was started' }, headers: answer.headers, execution: items };
		}
		if (result.noWebhookResponse) {
			if (!answer.sent) throw new Error('webhook() claimed to answer but sent nothing');
			return { status: answer.status, responseBody: answer.body, headers: answer.headers };
		}
		return { status: 200, responseBody: result.webhookResponse ?? { message: 'Webhook call received' }, headers: answer.headers };
	}
}

/** `Basic base64(user:password)`. */
export function basicAuth(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
