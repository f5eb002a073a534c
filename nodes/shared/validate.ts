import { ParameterError } from './coerce';
import type { OperationContext } from './types';

/**
 * An id parameter's value, refused before any request when it cannot name one resource: empty,
 * blank, or a path-navigation segment (`.`, `..`). A number is its digits.
 */
export function requireId(value: unknown, parameterName: string): string {
	const id = typeof value === 'number' ? String(value) : value;
	if (typeof id !== 'string' || id.trim() === '') {
		throw new ParameterError(
			parameterName,
			`The parameter "${parameterName}" is empty`,
			`Give the ${parameterName} to act on, for example with an expression that reads it from the incoming item.`,
		);
	}
	if (/^\.{1,2}$/.test(id)) throw new ParameterError(parameterName, `The parameter "${parameterName}" cannot be "${id}"`);
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
