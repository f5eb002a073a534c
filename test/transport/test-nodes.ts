import {
	NodeConnectionTypes,
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
function testNode(name: string, provider: Provider): INodeType {
	const description: INodeTypeDescription = {
		displayName: `Transport Test ${name}`,
		name,
		group: ['transform'],
		version: 1,
		description: 'Test-only node',
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceOpsChargebeeApi', required: true }],
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

export const HIGH_LEVEL_LIKE = 'test.highLevelLike';
export const VIA_N8N_HELPER = 'test.viaN8nHelper';

export const testNodeTypes = new Map<string, INodeType | IVersionedNodeType>([
	[HIGH_LEVEL_LIKE, testNode('highLevelLike', highLevelLike)],
	[VIA_N8N_HELPER, testNode('viaN8nHelper', viaN8nHelper)],
]);
