import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

import type { RequestContext } from './types';

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/**
 * The node's parameters per item, read with n8n's `getNodeParameter` (expressions are n8n's to
 * evaluate). A parameter that holds no expression is the same for every item, so it is read once
 * per execution and the value reused. Values are shared between items: treat them as read-only.
 */
export class NodeParameters {
	private readonly constant = new Map<string, unknown>();

	constructor(private readonly context: IExecuteFunctions) {}

	get<T>(name: string, itemIndex: number, fallback?: T, options?: IGetNodeParameterOptions): T {
		const key = options?.extractValue ? `${name}\u0000extracted` : name;
		if (this.constant.has(key)) return this.constant.get(key) as T;
		const raw = this.context.getNode().parameters[name];
		const value = this.context.getNodeParameter(name, itemIndex, fallback, options) as T;
		if (raw !== undefined && !hasExpression(raw)) this.constant.set(key, value);
		return value;
	}
}

/** Whether the context runs items (a node's execute), whose parameters are read per item. */
export function runsItems(context: RequestContext): context is IExecuteFunctions {
	return typeof (context as Partial<IExecuteFunctions>).getInputData === 'function';
}

/**
 * A parameter of the node, read by n8n's `getNodeParameter` in any context: per item in a node's
 * run, and as the node holds it in a trigger's hooks and deliveries or the editor's list methods.
 */
export function nodeParameter<T>(context: RequestContext, name: string, itemIndex: number, fallback?: T): T {
	if (runsItems(context)) return context.getNodeParameter(name, itemIndex, fallback) as T;
	return context.getNodeParameter(name, fallback) as T;
}
