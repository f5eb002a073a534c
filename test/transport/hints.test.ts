import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { invoiceOperations } from '../../nodes/Chargebee/actions/invoice';
import { chargebee } from '../../nodes/Chargebee/provider';
import { invoiceOperations as chartMogulOperations } from '../../nodes/ChartMogul/actions/invoice';
import { chartMogul } from '../../nodes/ChartMogul/provider';
import { invoiceNodeProperties } from '../../nodes/shared/descriptions';
import { executeInvoiceOperations } from '../../nodes/shared/execute';
import { runHints } from '../../nodes/shared/hints';
import { runNode, type RunNodeResult } from '../harness/engine';
import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { ChartMogulSandbox } from '../sandbox/chartmogul';

/** The hints n8n's engine put on the node's task data: what the output panel shows. */
const hintsOf = (result: RunNodeResult): NodeExecutionHint[] => result.hints;

const byId = '={{ $json.id }}';

describe('Run hints: the output panel says what a run did, counted by outcome', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const run = async (parameters: IDataObject, items: IDataObject[], extra: { node?: string; continueOnFail?: boolean } = {}) =>
		await runNode({
			node: extra.node ?? 'chargebee',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items,
			continueOnFail: extra.continueOnFail ?? true,
		});

	/** 240 open invoices, 12 paid and 3 with a payment applied: what a Dry Run of Void sees. */
	const seedVoidable = () => {
		const ids: IDataObject[] = [];
		for (let n = 0; n < 240; n++) ids.push({ id: sandbox.addInvoice({ id: `inv_2026_${n}` }).id });
		for (let n = 0; n < 12; n++) {
			ids.push({ id: sandbox.addInvoice({ id: `inv_paid_${n}`, status: 'paid', amount_paid: 100, amount_due: 0 }).id });
		}
		for (let n = 0; n < 3; n++) {
			ids.push({ id: sandbox.addInvoice({ id: `inv_adj_${n}`, status: 'posted', amount_adjusted: 50 }).id });
		}
		return ids;
	};

	it('a Dry Run says nothing changed, how many would be voided and why the others would fail, as a warning', async () => {
		const items = seedVoidable();
		const result = await run({ operation: 'void', invoiceId: byId, options: { dryRun: true, concurrency: 8 } }, items);

		assert.equal(result.error, undefined);
		assert.equal(sandbox.writes.length, 0);
		assert.deepEqual(hintsOf(result), [
			{
				message:
					'Dry Run: nothing was changed. 240 invoices would be voided, 15 would fail (12: the invoice is paid; 3: the invoice has payments or adjustments applied). Check the items marked would_fail before the real run.',
				type: 'warning',
				location: 'outputPane',
			},
		]);
	});

	it('a real run counts what was done, what was already done and what failed', async () => {
		sandbox.addInvoice({ id: 'inv_a' });
		sandbox.addInvoice({ id: 'inv_b' });
		sandbox.addInvoice({ id: 'inv_done', status: 'voided' });
		sandbox.addInvoice({ id: 'inv_paid', status: 'paid', amount_paid: 100, amount_due: 0 });
		const items = ['inv_a', 'inv_b', 'inv_done', 'inv_paid'].map((id) => ({ id }));
		const result = await run({ operation: 'void', invoiceId: byId, options: { succeedIfAlreadyDone: true } }, items);

		assert.deepEqual(
			result.items.map((item) => item.json.outcome),
			['voided', 'voided', 'already_voided', 'failed'],
		);
		assert.deepEqual(hintsOf(result), [
			{ message: 'Voided 2 invoices, 1 already voided, 1 failed', type: 'warning', location: 'outputPane' },
		]);
	});

	it('a run where everything went as asked is an info hint; one invoice reads singular', async () => {
		sandbox.addInvoice({ id: 'inv_one' });
		const result = await run({ operation: 'delete', invoiceId: 'inv_one' }, [{}]);

		assert.deepEqual(hintsOf(result), [{ message: 'Deleted 1 invoice', type: 'info', location: 'outputPane' }]);
	});

	it('Get Many counts the invoices found over all input items, with thousands separators', async () => {
		sandbox.seedInvoices(1_150);
		const result = await run({ operation: 'getAll', returnAll: true }, [{}]);
		const limited = await run({ operation: 'getAll', returnAll: false, limit: 25 }, [{}, {}]);

		assert.equal(result.items.length, 1_150);
		assert.deepEqual(hintsOf(result), [{ message: 'Get Many: 1,150 invoices', type: 'info', location: 'outputPane' }]);
		assert.deepEqual(hintsOf(limited), [{ message: 'Get Many: 50 invoices', type: 'info', location: 'outputPane' }]);
	});

	it('a Get is counted as invoices read', async () => {
		sandbox.addInvoice({ id: 'inv_read' });
		sandbox.addInvoice({ id: 'inv_read_2' });
		const result = await run({ operation: 'get', invoiceId: byId }, [{ id: 'inv_read' }, { id: 'inv_read_2' }]);

		assert.deepEqual(hintsOf(result), [{ message: 'Read 2 invoices', type: 'info', location: 'outputPane' }]);
	});

	it('a run that stops on an error shows its error, not a hint', async () => {
		const result = await run({ operation: 'void', invoiceId: 'inv_missing' }, [{}], { continueOnFail: false });

		assert.match(String(result.error?.message), /inv_missing/);
		assert.deepEqual(hintsOf(result), []);
	});

	it('the node runs unchanged where n8n offers no addExecutionHints (older n8n)', async () => {
		sandbox.addInvoice({ id: 'inv_old' });
		const result = await runNode({
			node: 'test.noHints',
			extraNodeTypes: new Map([['test.noHints', withoutHints]]),
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_old' } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
		});

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.equal(sandbox.invoices.get('inv_old')?.status, 'voided');
		assert.deepEqual(hintsOf(result), []);
	});
});

/** Chargebee's node run with a context that has no `addExecutionHints`, as in n8n before it. */
const withoutHints: INodeType = {
	description: {
		displayName: 'No Hints',
		name: 'noHints',
		group: ['transform'],
		version: 1,
		description: 'Test-only node',
		defaults: { name: 'No Hints' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceOpsChargebeeApi', required: true }],
		properties: invoiceNodeProperties({ operations: invoiceOperations, invoiceIdDescription: 'ID', options: [], provider: chargebee }),
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const older = new Proxy(this, {
			get: (target, property, receiver) => (property === 'addExecutionHints' ? undefined : Reflect.get(target, property, receiver)),
		});
		return await executeInvoiceOperations(older, chargebee, invoiceOperations);
	},
};

describe('Run hints: ChartMogul deletes warn that an automatic data source may bring the invoice back', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = async (parameters: IDataObject, items: IDataObject[] = [{}]) =>
		await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
			items,
			continueOnFail: true,
		});
	const resyncOnly =
		'ChartMogul: an invoice deleted from an automatic data source (Stripe, Chargebee, Recurly, Braintree, ...) can come back at its next sync.';
	// The node offers Disable, so the warning names it as the lasting way.
	const resync = `${resyncOnly} Disable takes an invoice out of the metrics and keeps it out through resyncs.`;

	it('after a delete, and after a Dry Run of one', async () => {
		sandbox.seedInvoices(3);
		const dry = await run({ operation: 'delete', invoiceId: byId, options: { dryRun: true } }, [{ id: 'inv_00001' }, { id: 'inv_00002' }]);
		const real = await run({ operation: 'delete', invoiceId: 'inv_00003' });

		assert.deepEqual(hintsOf(dry), [
			{ message: 'Dry Run: nothing was changed. 2 invoices would be deleted.', type: 'info', location: 'outputPane' },
			{ message: resync, type: 'warning', location: 'outputPane' },
		]);
		assert.deepEqual(hintsOf(real), [
			{ message: 'Deleted 1 invoice', type: 'info', location: 'outputPane' },
			{ message: resync, type: 'warning', location: 'outputPane' },
		]);
	});

	it("after Delete All of a Customer, counted in customers' invoices", async () => {
		sandbox.seedInvoices(6);
		const result = await run({ operation: 'deleteAllForCustomer', dataSourceUuid: 'ds_chargebee', customerUuid: 'cus_1' });

		assert.deepEqual(
			hintsOf(result).map((hint) => hint.message),
			["Deleted 1 customer's invoices", resync],
		);
	});

	it('not after a void, which leaves the invoice on record', async () => {
		sandbox.seedInvoices(1);
		const result = await run({ operation: 'void', invoiceId: 'inv_00001' });

		assert.deepEqual(
			hintsOf(result).map((hint) => hint.message),
			['Voided 1 invoice'],
		);
	});

	it('names Disable as the lasting way only where the node offers it', () => {
		const withoutDisable = chartMogulOperations.filter((operation) => operation.value !== 'disable');
		const report = { operation: 'delete', outcome: 'deleted' as const };

		assert.deepEqual(
			runHints(chartMogul, chartMogulOperations, [report]).map((hint) => hint.message),
			['Deleted 1 invoice', resync],
		);
		assert.deepEqual(
			runHints(chartMogul, withoutDisable, [report]).map((hint) => hint.message),
			['Deleted 1 invoice', resyncOnly],
		);
	});

	it('counts Disable and Enable by outcome, already done and would fail included, with no resync warning', async () => {
		sandbox.seedInvoices(4);
		sandbox.invoices.get('inv_00002')!.disabled = true;
		sandbox.invoices.get('inv_00004')!.disabled = true;
		const items = ['inv_00001', 'inv_00002', 'inv_00003'].map((id) => ({ id }));
		const dry = await run({ operation: 'disable', invoiceId: byId, options: { dryRun: true } }, items);
		const real = await run({ operation: 'disable', invoiceId: byId, options: { succeedIfAlreadyDone: true } }, items);
		const enabled = await run({ operation: 'enable', invoiceId: 'inv_00004' });

		assert.deepEqual(hintsOf(dry).map((hint) => hint.message), [
			'Dry Run: nothing was changed. 2 invoices would be disabled, 1 would fail (the invoice is already disabled). Check the items marked would_fail before the real run.',
		]);
		assert.deepEqual(hintsOf(real).map((hint) => hint.message), ['Disabled 2 invoices, 1 already disabled']);
		assert.deepEqual(hintsOf(enabled).map((hint) => hint.message), ['Enabled 1 invoice']);
	});
});
