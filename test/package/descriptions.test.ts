import type { INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

import { nodeTypes } from '../harness/package';
import { assert } from '../harness/node';
import { describe, it } from '../harness/runner';

/** Every version of every node that runs operations (the triggers have their own tests). */
function actionNodes(): Array<{ type: string; description: INodeTypeDescription }> {
	return [...nodeTypes()].flatMap(([type, node]: [string, INodeType | IVersionedNodeType]) => {
		const versions = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
		return versions
			.filter((version) => !version.description.webhooks && !version.description.polling)
			.map((version) => ({ type: `${type} v${JSON.stringify(version.description.version)}`, description: version.description }));
	});
}

/** Every field a user fills: the node's parameters and the options of its collections. */
function fields(properties: INodeProperties[], path = ''): Array<{ path: string; property: INodeProperties }> {
	return properties
		.filter((property) => property.type !== 'notice')
		.flatMap((property) => {
			const here = `${path}${property.name}`;
			const inner =
				property.type === 'collection'
					? fields((property.options ?? []) as INodeProperties[], `${here}.`)
					: [];
			return [{ path: here, property }, ...inner];
		});
}

function operationsOf(description: INodeTypeDescription): INodePropertyOptions[] {
	return description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => (property.options ?? []) as INodePropertyOptions[]);
}

describe('Descriptions that teach: what the editor and an AI agent read', () => {
	it('every parameter and option has a one-line description', () => {
		const problems: string[] = [];
		let checked = 0;
		for (const { type, description } of actionNodes()) {
			for (const { path, property } of fields(description.properties)) {
				checked++;
				const text = property.description?.trim() ?? '';
				if (text === '') problems.push(`${type}: ${path} has no description`);
				else if (text.includes('\n')) problems.push(`${type}: ${path} has a description of several lines`);
			}
		}
		assert.ok(checked > 100, `only ${checked} fields checked`);
		assert.deepEqual(problems, []);
	});

	it('every id a user types has a placeholder with an example', () => {
		const problems: string[] = [];
		for (const { type, description } of actionNodes()) {
			for (const { path, property } of fields(description.properties)) {
				const isId = property.type === 'string' && /(Id|Uuid|Ip)$/.test(property.name);
				if (isId && !/^e\.g\. \S|^\S/.test(property.placeholder ?? '')) problems.push(`${type}: ${path} has no placeholder`);
			}
		}
		assert.deepEqual(problems, []);
	});

	it('operations read as actions, and the ones that cannot be undone say so to users and AI agents', () => {
		for (const { type, description } of actionNodes()) {
			assert.equal(description.usableAsTool, true, `${type} is usable as an AI tool`);
			const operations = operationsOf(description);
			assert.ok(operations.length >= 3, type);
			// One Operation field per resource (HighLevel: invoices and invoice schedules).
			const operationProperties = description.properties.filter((property) => property.name === 'operation');
			for (const operation of operations) {
				const operationProperty = operationProperties.find((property) => (property.options ?? []).includes(operation));
				assert.match(String(operation.action), /^[A-Z][a-z]+( [a-z]+)* (an invoice|invoices|an invoice schedule|invoice schedules|.* invoices of a customer)$/, `${type}: ${operation.value}`);
				const reads = operation.value === 'get' || operation.value === 'getAll';
				// ChartMogul Disable and Enable undo each other.
				const reversible = operation.value === 'disable' || operation.value === 'enable';
				const text = String(operation.description);
				if (reads) assert.doesNotMatch(text, /Irreversible/, `${type}: ${operation.value}`);
				else if (reversible) {
					assert.match(text, /^Reversible: /, `${type}: ${operation.value} says it can be undone`);
					assert.match(String(operationProperty?.description), new RegExp(`; (\\w+ and )?${operation.name}( and \\w+)? undo each other;`), `${type}: ${operation.value}`);
				} else {
					assert.match(text, /^Irreversible: /, `${type}: ${operation.value} says it cannot be undone`);
					assert.ok(operationProperty?.description?.includes(operation.name), `${type}: the Operation field names ${operation.name}`);
				}
			}
			for (const operationProperty of operationProperties) assert.match(String(operationProperty.description), /cannot be undone/);
			assert.match(description.description, /irreversible/i, `${type}: the node description says what cannot be undone`);
		}
	});

	it('Get Many offers to feed only operations the node has', () => {
		for (const { type, description } of actionNodes()) {
			const operations = operationsOf(description);
			const getMany = operations.find((operation) => operation.value === 'getAll');
			const fed = /to feed (.*)$/.exec(String(getMany?.description))?.[1] ?? '';
			const named = fed.split(/, | or /);
			assert.ok(named.length >= 1 && named[0] !== '', `${type}: ${String(getMany?.description)}`);
			for (const name of named) {
				assert.ok(
					operations.some((operation) => operation.name === name),
					`${type}: Get Many names "${name}", which the node does not have`,
				);
			}
		}
	});
});
