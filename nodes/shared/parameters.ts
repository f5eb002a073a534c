import { isSafeObjectProperty, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** `={{ $json.id }}`, `={{ $json.content.invoice.id }}`: how users hand a node an id from the incoming item. */
const JSON_PATH_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

/** n8n refuses any expression with `.constructor` in it (even `.constructorId`): leave those to it. */
const REFUSED_BY_N8N = /\.\s*constructor/;

/**
 * The value at `path` in the item's json when it is an own string or number all the way down:
 * exactly what n8n's evaluation of `{{ $json.<path> }}` returns for it. Anything else (missing,
 * inherited, an object, a name n8n's expressions refuse) returns undefined and is left to n8n.
 */
function plainValueAt(json: IDataObject | undefined, path: string[]): string | number | undefined {
	let current: unknown = json;
	for (const key of path) {
		// n8n refuses `constructor`, `__proto__` and the like in expressions: so must we.
		if (!isSafeObjectProperty(key)) return undefined;
		if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
		current = (current as IDataObject)[key];
	}
	return typeof current === 'string' || typeof current === 'number' ? current : undefined;
}

/**
 * The node's parameters per item, at a fraction of what n8n's `getNodeParameter` costs when
 * called for every item. In a real n8n 2.41.1 a CPU profile of this node showed each call doing a
 * full resolution, and each expression running in n8n's isolated VM (about 0.8 ms): together
 * more than half of the node's CPU per item (README, "Performance"). So:
 * - a parameter holding no expression is the same for every item and is read once;
 * - a parameter that is exactly `{{ $json.<field>(.<field>...) }}` is read from the item's json
 *   when it holds a plain string or number there (the only values an id or a key takes), which
 *   is what n8n's evaluation returns for it (test/transport/parameters.test.ts compares the two);
 * - anything else goes through `getNodeParameter` for every item, as usual.
 * Values are shared between items: treat them as read-only.
 */
export class NodeParameters {
	private readonly constant = new Map<string, unknown>();

	private input: INodeExecutionData[] | undefined;

	constructor(private readonly context: IExecuteFunctions) {}

	get<T>(name: string, itemIndex: number, fallback?: T): T {
		if (this.constant.has(name)) return this.constant.get(name) as T;
		const raw = this.context.getNode().parameters[name];
		const path = typeof raw === 'string' && !REFUSED_BY_N8N.test(raw) ? JSON_PATH_EXPRESSION.exec(raw)?.[1] : undefined;
		if (path) {
			this.input ??= this.context.getInputData();
			const value = plainValueAt(this.input[itemIndex]?.json, path.slice(1).split('.'));
			if (value !== undefined) return value as T;
		}
		const value = this.context.getNodeParameter(name, itemIndex, fallback) as T;
		if (raw !== undefined && !hasExpression(raw)) this.constant.set(name, value);
		return value;
	}
}
