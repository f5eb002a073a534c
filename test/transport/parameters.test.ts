import type { IDataObject } from 'n8n-workflow';

import { assert } from '../harness/node';
import { describe, it } from '../harness/runner';

import { runNode } from '../harness/engine';
import { PARAMETER_PROBE, testNodeTypes } from './test-nodes';

/** Runs the probe: per item, NodeParameters' value, n8n's own evaluation, and whether n8n was asked. */
async function probe(value: unknown, items: IDataObject[]) {
	const result = await runNode({ node: PARAMETER_PROBE, parameters: { value } as never, credentials: {}, items, extraNodeTypes: testNodeTypes });
	assert.equal(result.error, undefined, result.error?.message);
	return result.items.map((item) => item.json as { read: unknown; n8n: unknown; askedN8n: boolean });
}

describe('Node parameters: expressions evaluated by n8n, constants read once', () => {
	it('asks n8n for every item of an expression, and reads what n8n evaluates', async () => {
		const items = [{ id: 'inv_1' }, { id: 42 }, { id: '' }, { id: 'Rechnung ü 7' }, { id: '={{ 1 + 1 }}' }, { id: 'a/../b?c#d' }, { id: 0 }];
		const read = await probe('={{ $json.id }}', items);

		for (const [index, item] of read.entries()) {
			assert.deepEqual(item.read, item.n8n, `item ${index}`);
			assert.equal(item.askedN8n, true, `item ${index} evaluated by n8n`);
		}
		assert.deepEqual(read.map((item) => item.read), items.map((item) => item.id));
	});

	it('follows a dotted path, with or without spaces in the braces', async () => {
		const items = [{ content: { invoice: { id: 'inv_w1' } } }, { content: { invoice: { id: 'inv_w2' } } }];
		for (const expression of ['={{ $json.content.invoice.id }}', '={{$json.content.invoice.id}}']) {
			const read = await probe(expression, items);
			assert.deepEqual(read.map((item) => item.read), ['inv_w1', 'inv_w2'], expression);
			assert.deepEqual(read.map((item) => item.n8n), ['inv_w1', 'inv_w2'], expression);
			assert.ok(read.every((item) => item.askedN8n));
		}
	});

	it('gives missing, null, objects, booleans and lists as n8n evaluates them', async () => {
		const items: IDataObject[] = [{ other: 1 }, { id: null }, { id: { a: 1 } }, { id: true }, { id: ['x'] }];
		const read = await probe('={{ $json.id }}', items);
		for (const [index, item] of read.entries()) {
			assert.equal(item.askedN8n, true, `item ${index}`);
			assert.deepEqual(item.read, item.n8n, `item ${index}`);
		}
	});

	it('leaves names n8n refuses to n8n, which refuses them, even when the item has them', async () => {
		for (const name of ['constructor', '__proto__', 'prototype', 'constructorId']) {
			const result = await runNode({
				node: PARAMETER_PROBE,
				parameters: { value: `={{ $json.${name} }}` } as never,
				credentials: {},
				items: [JSON.parse(`{"${name}": "x"}`) as IDataObject],
				extraNodeTypes: testNodeTypes,
			});
			assert.ok(result.error, `n8n refuses $json.${name}`);
		}
	});

	it('leaves any other expression to n8n, for every item', async () => {
		const read = await probe('={{ $json.id + "-x" }}', [{ id: 'a' }, { id: 'b' }]);
		assert.deepEqual(read.map((item) => item.read), ['a-x', 'b-x']);
		assert.ok(read.every((item) => item.askedN8n));
	});

	it('reads a parameter without any expression once for all items', async () => {
		const read = await probe('inv_same', [{}, {}, {}]);
		assert.deepEqual(read.map((item) => item.read), ['inv_same', 'inv_same', 'inv_same']);
		assert.deepEqual(read.map((item) => item.askedN8n), [true, false, false]);
	});
});
