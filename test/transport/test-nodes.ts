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
import { invoiceNodeProperties } from '../../nodes/shared/descriptions';
import { executeInvoiceOperations } from '../../nodes/shared/execute';
import { NodeParameters } from '../../nodes/shared/parameters';
import { headerOf, millisecondsHeader, retryAfterOf } from '../../nodes/shared/retry';
import type { Provider } from '../../nodes/shared/types';

/**
 * Chargebee's operations and sandbox behind providers that differ only in transport data: how
 * the shared transport treats a provider is decided by that data alone.
 */
function testNode(name: string, provider: Provider, credentialType = 'invoiceOpsChargebeeApi'): INodeType {
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
		properties: invoiceNodeProperties({ operations: invoiceOperations, invoiceIdDescription: 'ID', options: [], provider }),
	};
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return await executeInvoiceOperations(this, provider, invoiceOperations);
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

/** Chargebee with every request through n8n's authenticated helper (no static key path). */
export const viaN8nHelper: Provider = { ...chargebee, staticKeyCredentials: undefined };

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
 * getNodeParameter evaluates it, and whether NodeParameters had to ask n8n.
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

export const HIGH_LEVEL_LIKE = 'test.highLevelLike';
export const VIA_N8N_HELPER = 'test.viaN8nHelper';
export const BEARER_STATIC = 'test.tokenStatic';
export const PARAMETER_PROBE = 'test.parameterProbe';
export const BEARER_VIA_N8N_HELPER = 'test.tokenViaN8nHelper';

export const testNodeTypes = new Map<string, INodeType | IVersionedNodeType>([
	[HIGH_LEVEL_LIKE, testNode('highLevelLike', highLevelLike)],
	[PARAMETER_PROBE, parameterProbe],
	[VIA_N8N_HELPER, testNode('viaN8nHelper', viaN8nHelper)],
	[BEARER_STATIC, testNode('tokenStatic', { ...tokenProvider, staticKeyCredentials: [tokenCredential] }, tokenCredential.name)],
	[BEARER_VIA_N8N_HELPER, testNode('tokenViaN8nHelper', tokenProvider, tokenCredential.name)],
]);
