import type { IExecuteFunctions } from 'n8n-workflow';

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

	get<T>(name: string, itemIndex: number, fallback?: T): T {
		if (this.constant.has(name)) return this.constant.get(name) as T;
		const raw = this.context.getNode().parameters[name];
		const value = this.context.getNodeParameter(name, itemIndex, fallback) as T;
		if (raw !== undefined && !hasExpression(raw)) this.constant.set(name, value);
		return value;
	}
}
