import {
	NodeConnectionTypes,
	type ICredentialType,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { invoiceOperations } from '../../nodes/Chargebee/actions/invoice';
import { chargebee } from '../../nodes/Chargebee/provider';
import { invoiceOperations as highLevelOperations } from '../../nodes/HighLevel/actions/invoice';
import { highLevel } from '../../nodes/HighLevel/provider';
import { invoiceNodeProperties } from '../../nodes/shared/descriptions';
import { executeInvoiceOperations } from '../../nodes/shared/execute';
import { NodeParameters } from '../../nodes/shared/parameters';
import { headerOf, millisecondsHeader, retryAfterOf } from '../../nodes/shared/retry';
import type { Clock } from '../../nodes/shared/pacing';
import type { InvoiceOperation, Provider } from '../../nodes/shared/types';

/**
 * Chargebee's operations and sandbox behind providers that differ only in transport data: how
 * the shared transport treats a provider is decided by that data alone.
 */
/** The clock the next run of a clocked test node uses (set by the test, read at execute). */
export const testClock: { current?: Clock } = {};

function testNode(
	name: string,
	provider: Provider,
	credentialType = 'invoiceOpsChargebeeApi',
	operations: InvoiceOperation[] = invoiceOperations,
): INodeType {
	const description: INodeTypeDescription = {
		displayName: `Transport Test ${name}`,
		name,
		group: ['transform'],
		version: 1,
		description: 'Test-only node',
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: credentialType, required: true }],
		properties: invoiceNodeProperties({ operations, invoiceIdDescription: 'ID', options: [], provider }),
	};
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return await executeInvoiceOperations(this, provider, operations, { clock: testClock.current });
		},
	};
}

/** HighLevel's rate-limit headers, as a provider author would declare them. */
export const highLevelLike: Provider = {
	...chargebee,
	rateLimit: { requests: 100, perMilliseconds: 10_000 },
	retryAfter: (headers) => retryAfterOf(headers) ?? millisecondsHeader(headers, 'x-ratelimit-interval-milliseconds'),
	quotaExhausted: (headers) =>
		headerOf(headers, 'x-ratelimit-daily-remaining') === '0'
			? `the daily request quota (${headerOf(headers, 'x-ratelimit-limit-daily') ?? 'per day'}) is used up`
			: undefined,
};


/**
 * A credential whose `authenticate` uses every static form: a template header, a whole-value
 * header and a query parameter.
 */
export const tokenCredential: ICredentialType = {
	name: 'transportTestTokenApi',
	displayName: 'Transport Test Token API',
	properties: [
		{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Account', name: 'account', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	],
	authenticate: {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}', 'X-Account': '={{ $credentials.account }}' },
			qs: { account: '={{$credentials.account}}' },
		},
	},
};

const tokenProvider: Provider = { ...chargebee, credentialType: () => tokenCredential.name };

/**
 * Outputs, per item, parameter `value` as NodeParameters reads it and as n8n's own
 * getNodeParameter evaluates it, and whether NodeParameters asked n8n.
 */
const parameterProbe: INodeType = {
	description: {
		displayName: 'Parameter Probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'Test-only node',
		defaults: { name: 'Parameter Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let asked = 0;
		const counting = {
			getNode: () => this.getNode(),
			getInputData: () => this.getInputData(),
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
				asked++;
				return this.getNodeParameter(name, itemIndex, fallback);
			},
		} as unknown as IExecuteFunctions;
		const parameters = new NodeParameters(counting);
		return [
			this.getInputData().map((_item, itemIndex) => {
				const before = asked;
				const read = parameters.get<unknown>('value', itemIndex);
				return {
					json: { read: read as never, n8n: this.getNodeParameter('value', itemIndex) as never, askedN8n: asked > before },
					pairedItem: { item: itemIndex },
				};
			}),
		];
	},
};

/**
 * Sends `GET <credential base URL><path>` with n8n's authenticated helper the plain way (no
 * resolved credential handed back): what any node gets from n8n for this credential.
 */
function plainHelperNode(credentialType: string): INodeType {
	return {
		description: {
			displayName: `Plain Helper ${credentialType}`,
			name: `plainHelper${credentialType}`,
			group: ['transform'],
			version: 1,
			description: 'Test-only node',
			defaults: { name: 'Plain Helper' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '' }],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const credentials = await this.getCredentials(credentialType);
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
				method: 'GET',
				url: `${String(credentials.baseUrl)}${this.getNodeParameter('path', 0) as string}`,
				headers: { Accept: 'application/json' },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number };
			return [[{ json: { statusCode: response.statusCode }, pairedItem: { item: 0 } }]];
		},
	};
}

/**
 * A delete that looks the invoice up first, judging a refused delete "done" on a 404 alone: the
 * shape in which an unclear attempt of the lookup must not count for the delete.
 */
const lookupThenDelete: InvoiceOperation = {
	...invoiceOperations.find((operation) => operation.value === 'delete')!,
	async execute(context) {
		await context.send({ method: 'GET', path: ['invoices', context.invoiceId] });
		const response = await context.send({ method: 'POST', path: ['invoices', context.invoiceId, 'delete'], body: {} });
		return { response: response.body };
	},
	changeIsMade: (error) => error.httpStatus === 404,
};

function lookupThenDeleteNode(): INodeType {
	const node = testNode('lookupThenDelete', chargebee);
	return {
		description: node.description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return await executeInvoiceOperations(this, chargebee, [lookupThenDelete]);
		},
	};
}

export const HIGH_LEVEL_LIKE = 'test.highLevelLike';
export const LOOKUP_THEN_DELETE = 'test.lookupThenDelete';
export const CLOCKED_CHARGEBEE = 'test.clockedChargebee';
export const CLOCKED_HIGHLEVEL = 'test.clockedHighLevel';
export const PARAMETER_PROBE = 'test.parameterProbe';
export const BEARER = 'test.token';
export const PLAIN_HELPER_CHARGEBEE = 'test.plainHelperChargebee';
export const PLAIN_HELPER_TOKEN = 'test.plainHelperToken';

export const testNodeTypes = new Map<string, INodeType | IVersionedNodeType>([
	[HIGH_LEVEL_LIKE, testNode('highLevelLike', highLevelLike)],
	[CLOCKED_CHARGEBEE, testNode('clockedChargebee', chargebee)],
	[CLOCKED_HIGHLEVEL, testNode('clockedHighLevel', highLevel, 'invoiceOpsHighLevelApi', highLevelOperations)],
	[LOOKUP_THEN_DELETE, lookupThenDeleteNode()],
	[PARAMETER_PROBE, parameterProbe],
	[BEARER, testNode('token', tokenProvider, tokenCredential.name)],
	[PLAIN_HELPER_CHARGEBEE, plainHelperNode('invoiceOpsChargebeeApi')],
	[PLAIN_HELPER_TOKEN, plainHelperNode(tokenCredential.name)],
]);
