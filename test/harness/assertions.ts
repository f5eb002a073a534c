import { assert } from './node';

import type { RunNodeResult } from './engine';

/** Every text a user or a log could see from a run: output items, error message and description. */
export function visibleText(result: RunNodeResult): string {
	const error = result.error
		? JSON.stringify({ message: result.error.message, description: result.error.description, error: result.error })
		: '';
	return JSON.stringify(result.items) + error + JSON.stringify(result.run.data.resultData);
}

/** Asserts that no form of the secret (raw, Base64 Basic header, Bearer header) is visible. */
export function assertNoSecret(result: RunNodeResult, secret: string): void {
	const text = visibleText(result);
	const forms = [secret, Buffer.from(`${secret}:`).toString('base64'), `Bearer ${secret}`];
	for (const form of forms) assert.ok(!text.includes(form), `a secret (${form.slice(0, 6)}...) is visible in the run`);
	assert.ok(!/authorization/i.test(JSON.stringify(result.items)), 'an Authorization header is visible in an item');
}

/** Asserts the contract's audit fields on one output item. */
export function assertAuditFields(result: RunNodeResult, json: Record<string, unknown>): void {
	assert.equal(json.executionId, result.executionId);
	assert.equal(json.workflowId, result.workflowId);
	assert.equal(typeof json.attempts, 'number');
	assert.ok(!Number.isNaN(Date.parse(String(json.performedAt))), 'performedAt is an ISO date');
	assert.equal(typeof json.dryRun, 'boolean');
	assert.equal(typeof json.outcome, 'string');
}

/** Asserts one output per input, in order, each paired with its input. */
export function assertPairedInOrder(result: RunNodeResult, count: number): void {
	assert.equal(result.items.length, count);
	result.items.forEach((item, index) => assert.deepEqual(item.pairedItem, { item: index }));
}
