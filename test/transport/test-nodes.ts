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

export const HIGH_LEVEL_LIKE = 'test.highLevelLike';
export const VIA_N8N_HELPER = 'test.viaN8nHelper';
export const BEARER_STATIC = 'test.tokenStatic';
export const BEARER_VIA_N8N_HELPER = 'test.tokenViaN8nHelper';

export const testNodeTypes = new Map<string, INodeType | IVersionedNodeType>([
	[HIGH_LEVEL_LIKE, testNode('highLevelLike', highLevelLike)],
	[VIA_N8N_HELPER, testNode('viaN8nHelper', viaN8nHelper)],
	[BEARER_STATIC, testNode('tokenStatic', { ...tokenProvider, staticKeyCredentials: [tokenCredential] }, tokenCredential.name)],
	[BEARER_VIA_N8N_HELPER, testNode('tokenViaN8nHelper', tokenProvider, tokenCredential.name)],
]);
