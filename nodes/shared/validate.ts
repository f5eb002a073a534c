import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { OperationContext } from './types';

/**
 * Reads an id parameter and refuses, before any request, a value that cannot name one
 * resource: empty, blank, or a path-navigation segment (`.`, `..`).
 */
export function requireId(
	context: IExecuteFunctions,
	value: unknown,
	parameterName: string,
	itemIndex: number,
): string {
	const id = typeof value === 'number' ? String(value) : value;
	if (typeof id !== 'string' || id.trim() === '') {
		throw new NodeOperationError(context.getNode(), `The parameter "${parameterName}" is empty`, {
			itemIndex,
			description: `Give the ${parameterName} to act on, for example with an expression that reads it from the incoming item.`,
		});
	}
	if (/^\.{1,2}$/.test(id)) {
		throw new NodeOperationError(context.getNode(), `The parameter "${parameterName}" cannot be "${id}"`, {
			itemIndex,
		});
	}
	return id;
}

/** Refuses, before any request, a text parameter longer than the provider accepts. */
export function requireMaxLength(
	context: OperationContext,
	value: string,
	maxLength: number,
	parameterName: string,
): void {
	if (value.length > maxLength) {
		context.refuse(
			`The parameter "${parameterName}" is ${value.length} characters long; ${context.provider.displayName} accepts at most ${maxLength}`,
		);
	}
}
