/**
 * Reading boolean and number parameters the way they really arrive. n8n hands a parameter the
 * value an expression yields, so a boolean may come as the text "true" and a number as "25".
 * Nothing here fails open: a value that is not clearly a boolean or an in-range number is
 * refused (a thrown `ParameterError` naming the parameter), never read as a default.
 */

/** A parameter value the node cannot use; the item runner turns it into a NodeOperationError. */
export class ParameterError extends Error {
	constructor(
		readonly parameter: string,
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'ParameterError';
	}
}

function shown(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * `true` / `false`, or their text in any case with surrounding spaces; `undefined` (a parameter
 * the user did not set) is `fallback`. Anything else, `null` included (what n8n 2.x makes of an
 * expression that throws), is refused.
 */
export function toBoolean(value: unknown, parameter: string, fallback = false): boolean {
	if (value === undefined) return fallback;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
	}
	throw new ParameterError(
		parameter,
		`The parameter "${parameter}" must be true or false (got ${shown(value)})`,
		'An expression here must yield a boolean, or the text "true" or "false".',
	);
}

/** The range a number parameter shows in the node's UI; values outside it are refused. */
export interface NumberRange {
	min: number;
	max: number;
	integer?: boolean;
}

/**
 * A number, or numeric text (`" 25 "`); `undefined` or an empty text is `fallback`. Refused:
 * anything else, non-finite values, a fraction where an integer is needed, and values outside
 * `range` (the node never clamps silently, so a typo cannot turn into an unbounded setting).
 */
export function toNumber(value: unknown, parameter: string, range: NumberRange, fallback: number): number {
	if (value === undefined || (typeof value === 'string' && value.trim() === '')) return fallback;
	const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
	if (!Number.isFinite(number)) {
		throw new ParameterError(parameter, `The parameter "${parameter}" must be a number (got ${shown(value)})`);
	}
	if (range.integer && !Number.isInteger(number)) {
		throw new ParameterError(parameter, `The parameter "${parameter}" must be a whole number (got ${number})`);
	}
	if (number < range.min || number > range.max) {
		throw new ParameterError(
			parameter,
			`The parameter "${parameter}" must be between ${range.min} and ${range.max} (got ${number})`,
		);
	}
	return number;
}
