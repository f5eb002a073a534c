import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { assertAuditFields, assertPairedInOrder } from '../harness/assertions';
import { runNode, type RunNodeResult } from '../harness/engine';
import { nodeTypes, PACKAGE } from '../harness/package';
import { FatoraSandbox } from '../sandbox/fatora';

function only(result: RunNodeResult) {
	assertPairedInOrder(result, 1);
	const [item] = result.items;
	assertAuditFields(result, item.json);
	return item.json;
}

function optionsCollection(): INodeProperties[] {
	const description = nodeTypes().get(`${PACKAGE}.fatora`)!.description as INodeTypeDescription;
	return description.properties.find((property) => property.name === 'options')!.options as INodeProperties[];
}

describe('Fatora Dry Run and re-runs, in the n8n engine', () => {
	let sandbox: FatoraSandbox;

	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const runAll = async (invoiceId: string, options: IDataObject, items?: IDataObject[]) =>
		await runNode({
			node: 'fatora',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId, options } as never,
			credentials: { invoiceOpsFatoraApi: sandbox.credentials() },
			items,
			continueOnFail: true,
		});
	const run = async (invoiceId: string, options: IDataObject = {}) => only(await runAll(invoiceId, options));
	const invoiceCalls = () => sandbox.invoiceRequests.map((request) => `${request.method} ${request.rawPath}`);

	it('a dry run of an existing invoice only reads it and predicts would_delete; the real run deletes it', async () => {
		sandbox.addInvoice({ id: '701', number: 'INV-0701', total: 99 });

		const dry = await run('701', { dryRun: true });
		assert.deepEqual(invoiceCalls(), ['GET /v1/invoices/701']);
		assert.equal(sandbox.writes.length, 0, 'no request that could change anything, Authorize included');
		assert.ok(sandbox.invoices.has('701'));
		assert.equal(dry.success, true);
		assert.equal(dry.outcome, 'would_delete');
		assert.equal(dry.dryRun, true);
		assert.equal(dry.attempts, 1);
		assert.equal(dry.reason, undefined);
		assert.deepEqual(dry.response, { status: 'SUCCESS', id: '701', number: 'INV-0701', payment_status: 'unpaid', total: 99 });

		const real = await run('701');
		assert.equal(real.success, true);
		assert.equal(real.outcome, 'deleted');
		assert.equal(sandbox.invoices.has('701'), false);
	});

	it('a dry run of an invoice Fatora does not find predicts would_fail with its reason; the real run fails the same way', async () => {
		const dry = await run('702', { dryRun: true });
		assert.deepEqual(invoiceCalls(), ['GET /v1/invoices/702']);
		assert.equal(sandbox.writes.length, 0);
		assert.equal(dry.success, true);
		assert.equal(dry.outcome, 'would_fail');
		assert.equal(dry.response, null);
		assert.match(String(dry.reason), /Fatora could not delete invoice "702": Invoice not found/);

		const real = await run('702');
		assert.equal(real.success, false);
		assert.equal(real.outcome, 'failed');
		assert.equal((real.error as { httpStatus: number }).httpStatus, 404);
		assert.deepEqual(invoiceCalls(), ['GET /v1/invoices/702', 'DELETE /v1/invoices/702']);
	});

	it('a repeated delete fails clearly, with or without Succeed If Already Done: a 404 cannot prove an earlier delete', async () => {
		sandbox.addInvoice({ id: '703' });
		assert.equal((await run('703')).outcome, 'deleted');

		for (const options of [{}, { succeedIfAlreadyDone: true }]) {
			const again = await run('703', options);
			assert.equal(again.success, false);
			assert.equal(again.outcome, 'failed');
			assert.equal((again.error as { httpStatus: number }).httpStatus, 404);
			assert.match((again.error as { message: string }).message, /Fatora could not delete invoice "703": Invoice not found/);
		}
		assert.deepEqual(invoiceCalls(), ['DELETE /v1/invoices/703', 'DELETE /v1/invoices/703', 'DELETE /v1/invoices/703']);
	});

	it('offers Dry Run for Delete, and Succeed If Already Done saying Fatora cannot prove it', () => {
		const options = optionsCollection();
		assert.deepEqual(options.find((option) => option.name === 'dryRun')?.displayOptions?.show?.['/operation'], ['delete']);
		const succeed = options.find((option) => option.name === 'succeedIfAlreadyDone');
		assert.deepEqual(succeed?.displayOptions?.show?.['/operation'], ['delete']);
		assert.match(String(succeed?.description), /Fatora cannot prove it for Delete: there the error stands/);
	});

	it('a dry run over many items reads each invoice once, changes nothing and audits every item', async () => {
		sandbox.addInvoice({ id: '1' });
		sandbox.addInvoice({ id: '3' });
		const result = await runAll('={{ $json.id }}', { dryRun: true }, [{ id: '1' }, { id: '2' }, { id: '3' }]);

		assertPairedInOrder(result, 3);
		for (const item of result.items) assertAuditFields(result, item.json);
		assert.deepEqual(
			result.items.map((item) => item.json.outcome),
			['would_delete', 'would_fail', 'would_delete'],
		);
		assert.deepEqual(invoiceCalls(), ['GET /v1/invoices/1', 'GET /v1/invoices/2', 'GET /v1/invoices/3']);
		assert.equal(sandbox.writes.length, 0);
		assert.equal(sandbox.invoices.size, 2);
	});
});
