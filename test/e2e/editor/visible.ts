import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/**
 * The top-level parameters n8n shows for one operation of a node, from the node's own
 * description: each property whose `displayOptions` hold for the operation, every other
 * parameter at its default. Notices and collections have no input of their own and are left out.
 */
export function visibleParameters(description: INodeTypeDescription, operation: string): string[] {
	const values: Record<string, unknown> = Object.fromEntries(description.properties.map((property) => [property.name, property.default]));
	const resource = description.properties.find((property) => property.name === 'resource');
	Object.assign(values, { operation, ...(resource ? { resource: resource.default } : {}) });
	const version = Math.max(...[description.version].flat());
	return description.properties
		.filter((property) => isShown(property, values, version))
		.filter((property) => !['notice', 'collection', 'fixedCollection'].includes(property.type))
		.map((property) => property.name)
		.filter((name, index, names) => names.indexOf(name) === index);
}

function matches(key: string, allowed: unknown[], values: Record<string, unknown>, version: number): boolean {
	if (allowed.some((entry) => typeof entry === 'object' && entry !== null)) {
		throw new Error(`display condition objects (${key}) are not evaluated here: extend visibleParameters`);
	}
	return allowed.includes(key === '@version' ? version : values[key]);
}

function isShown(property: INodeProperties, values: Record<string, unknown>, version: number): boolean {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	const shown = Object.entries(show).every(([key, allowed]) => matches(key, allowed ?? [], values, version));
	const hidden = Object.entries(hide).some(([key, denied]) => matches(key, denied ?? [], values, version));
	return shown && !hidden;
}
