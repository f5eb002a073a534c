import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { runNode } from '../harness/engine';
import { ChartMogulSandbox } from '../sandbox/chartmogul';

/** Retries fast in tests: a 5 ms base instead of 1 s. */
const FAST = { retryBaseDelayMs: 5 };
const byExternalId = { invoiceIdType: 'externalId', dataSourceUuid: 'ds_chargebee' };

describe('ChartMogul: retries through the shared transport', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (parameters: Record<string, unknown>) =>
		runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters, options: FAST } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
		});

	for (const [name, parameters] of [
		['by UUID', { invoiceId: 'inv_lost' }],
		['by external ID', { invoiceId: 'ext_inv_lost', ...byExternalId }],
	] as const) {
		it(`a delete ${name} whose answer was lost and whose retry finds nothing is not reported deleted`, async () => {
			sandbox.addInvoice({ uuid: 'inv_lost' });
			sandbox.server.inject({ kind: 'reset', afterHandler: true });
			const result = await run({ operation: 'delete', ...parameters });

			// ChartMogul answers 404 for a deleted invoice and one that never existed alike: unprovable.
			assert.equal(result.items.length, 0);
			assert.match(result.error!.message, /could not delete invoice .*Invoice not found \(.*HTTP 404\)/);
			assert.match(result.error!.description!, /An earlier attempt of this request may have reached ChartMogul and been applied \(its answer was lost: ECONNRESET\)/);
			assert.match(result.error!.description!, /nothing could confirm whether the invoice was deleted/);
			assert.deepEqual(sandbox.deleted, ['inv_lost']);
			assert.deepEqual(sandbox.requests.map(({ method }) => method), ['DELETE', 'DELETE']);
		});

		it(`a delete ${name} of an invoice that never existed, retried after a lost answer, fails the same way`, async () => {
			sandbox.server.inject({ kind: 'reset' });
			const result = await run({ operation: 'delete', ...parameters, invoiceId: `${parameters.invoiceId}_never` });

			assert.equal(result.items.length, 0);
			assert.match(result.error!.description!, /nothing could confirm whether the invoice was deleted/);
			assert.deepEqual(sandbox.deleted, []);
		});
	}

	it('a status change whose answer was lost is sent again: setting a status twice is harmless', async () => {
		sandbox.addInvoice({ uuid: 'inv_v', external_id: 'cb_v' });
		sandbox.server.inject({ kind: 'reset', afterHandler: true });
		const result = await run({ operation: 'void', invoiceId: 'cb_v', ...byExternalId });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.equal(result.items[0].json.attempts, 2);
		assert.deepEqual(sandbox.statusChanges.map(({ status }) => status), ['voided', 'voided']);
	});

	it('waits out a 429 and counts both attempts', async () => {
		sandbox.addInvoice({ uuid: 'inv_rl' });
		sandbox.server.inject({ kind: 'reply', reply: { status: 429, body: { message: 'Too Many Requests' }, headers: { 'Retry-After': '0' } } });
		const result = await run({ operation: 'get', invoiceId: 'inv_rl' });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.outcome, 'fetched');
		assert.equal(result.items[0].json.attempts, 2);
	});

	it('a delete of an invoice that never existed still fails: no retry, so no guess', async () => {
		const result = await run({ operation: 'delete', invoiceId: 'inv_never' });
		assert.match(result.error!.message, /could not delete invoice "inv_never": Invoice not found/);
		assert.equal(sandbox.requests.length, 1);
	});
});
