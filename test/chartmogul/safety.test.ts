import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ChartMogul } from '../../nodes/ChartMogul/ChartMogul.node';
import { invoiceOperations } from '../../nodes/ChartMogul/actions/invoice';
import { assertAuditFields } from '../harness/assertions';
import { runNode, type RunNodeResult } from '../harness/engine';
import { ChartMogulSandbox, oversizedListPages, type ChartMogulStatus } from '../sandbox/chartmogul';

const DS = 'ds_chargebee';

/** The real run's outcome each dry-run prediction stands for. */
const REAL_OUTCOME: Record<string, string> = {
	would_delete: 'deleted',
	would_void: 'voided',
	would_write_off: 'written_off',
};

const STATUS_CHANGES = [
	{ operation: 'void', status: 'voided', would: 'would_void' },
	{ operation: 'writeOff', status: 'written_off', would: 'would_write_off' },
] as const;

describe('ChartMogul: Dry Run predicts, re-runs stay safe', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const byExternalId = { invoiceIdType: 'externalId', dataSourceUuid: DS };

	const run = async (parameters: Record<string, unknown>, options: IDataObject = {}) => {
		const result = await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters, options } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
			continueOnFail: true,
		});
		assert.equal(result.items.length, 1);
		assertAuditFields(result, result.items[0].json);
		return { result, json: result.items[0].json };
	};

	/** What ChartMogul holds, to prove that a dry run changed nothing. */
	const state = () => JSON.stringify({ invoices: [...sandbox.invoices.values()], deleted: sandbox.deleted });

	/**
	 * Runs `parameters` dry, proves that only GETs were sent and nothing changed, then runs them
	 * for real and checks that the prediction held: would_X <-> X, would_fail <-> failed.
	 */
	async function dryThenReal(parameters: Record<string, unknown>) {
		const before = state();
		const dry = await run(parameters, { dryRun: true });
		assert.equal(dry.json.dryRun, true);
		assert.deepEqual(sandbox.writes, [], 'a dry run sends no request that changes anything');
		assert.ok(sandbox.requests.length > 0, 'a dry run reads');
		assert.equal(state(), before, 'a dry run changes nothing');
		const reads = sandbox.requests.splice(0);

		const real = await run(parameters);
		assert.equal(real.json.dryRun, false);
		if (dry.json.outcome === 'would_fail') {
			assert.equal(real.json.success, false, 'predicted would_fail, and the real run failed');
			assert.equal(real.json.outcome, 'failed');
		} else {
			assert.equal(real.json.success, true, `predicted ${String(dry.json.outcome)}: ${JSON.stringify(real.json.error)}`);
			assert.equal(real.json.outcome, REAL_OUTCOME[String(dry.json.outcome)]);
		}
		return { dry: dry.json, real: real.json, reads };
	}

	const requestLine = ({ method, url }: { method: string; url: string }) => `${method} ${url}`;

	describe('Delete', () => {
		it('by UUID: reads GET /v1/invoices/{uuid}, predicts would_delete with the invoice as read, then deletes', async () => {
			const invoice = sandbox.addInvoice({ uuid: 'inv_1', external_id: 'cb_1' });
			const { dry, real, reads } = await dryThenReal({ operation: 'delete', invoiceId: 'inv_1' });

			assert.deepEqual(reads.map(requestLine), ['GET /v1/invoices/inv_1']);
			assert.equal(dry.outcome, 'would_delete');
			assert.equal(dry.success, true);
			assert.equal(dry.attempts, 1);
			assert.deepEqual(dry.response, JSON.parse(JSON.stringify(invoice)));
			assert.equal(dry.invoiceUuid, 'inv_1');
			assert.equal(dry.externalId, 'cb_1');
			assert.equal(dry.dataSourceUuid, DS);
			assert.equal(dry.reason, undefined);
			assert.equal(real.outcome, 'deleted');
			assert.deepEqual(sandbox.deleted, ['inv_1']);
		});

		it('by external ID: reads GET /v1/invoices?data_source_uuid=&external_id=, predicts would_delete, then deletes', async () => {
			sandbox.addInvoice({ uuid: 'inv_2', external_id: 'cb_2' });
			const { dry, reads } = await dryThenReal({ operation: 'delete', invoiceId: 'cb_2', ...byExternalId });

			assert.equal(reads.length, 1);
			assert.equal(reads[0].method, 'GET');
			assert.equal(reads[0].rawPath, '/v1/invoices');
			assert.deepEqual(reads[0].query, { data_source_uuid: DS, external_id: 'cb_2' });
			assert.equal(dry.outcome, 'would_delete');
			assert.equal((dry.response as { uuid: string }).uuid, 'inv_2', 'the one invoice, not the list');
			assert.equal(dry.invoiceUuid, 'inv_2');
			assert.deepEqual(sandbox.deleted, ['inv_2']);
		});

		it('an unknown UUID: predicts would_fail with ChartMogul\'s 404 reason, and the real run fails', async () => {
			const { dry, real } = await dryThenReal({ operation: 'delete', invoiceId: 'inv_none' });
			assert.equal(dry.outcome, 'would_fail');
			assert.equal(dry.reason, 'ChartMogul could not delete invoice "inv_none": Invoice not found (invalid, HTTP 404)');
			assert.equal(dry.response, null);
			assert.deepEqual(real.error, { message: dry.reason, httpStatus: 404, code: 'invalid' });
		});

		it('an unknown external ID: predicts would_fail naming it and the data source, and the real run fails', async () => {
			sandbox.addInvoice({ uuid: 'inv_3', external_id: 'cb_3', data_source_uuid: 'ds_stripe' });
			const { dry, real } = await dryThenReal({ operation: 'delete', invoiceId: 'cb_3', ...byExternalId });
			assert.equal(dry.outcome, 'would_fail');
			assert.equal(dry.reason, `ChartMogul has no invoice with external ID "cb_3" in data source "${DS}"`);
			assert.equal(dry.response, null);
			assert.equal(dry.externalId, 'cb_3');
			assert.equal(dry.dataSourceUuid, DS);
			assert.equal((real.error as { httpStatus: number }).httpStatus, 404);
			assert.ok(sandbox.invoices.has('inv_3'), 'the invoice of the other data source stays');
		});

		it('a dry run refuses to pick one of several invoices with the same external ID, before any write', async () => {
			sandbox.addInvoice({ uuid: 'inv_d1', external_id: 'dup' });
			sandbox.addInvoice({ uuid: 'inv_d2', external_id: 'dup' });
			const { json } = await run({ operation: 'delete', invoiceId: 'dup', ...byExternalId }, { dryRun: true });
			assert.equal(json.outcome, 'failed');
			assert.match((json.error as { message: string }).message, /ChartMogul has 2 invoices with external ID "dup".*: inv_d1, inv_d2/);
			assert.deepEqual(sandbox.writes, []);
		});

		describe('a repeated delete: ChartMogul cannot tell "already deleted" from "never existed"', () => {
			for (const [name, parameters] of [
				['by UUID', { operation: 'delete', invoiceId: 'inv_r' }],
				['by external ID', { operation: 'delete', invoiceId: 'cb_r', ...byExternalId }],
			] as const) {
				it(`${name}: still fails with the 404, with or without Succeed If Already Done`, async () => {
					sandbox.addInvoice({ uuid: 'inv_r', external_id: 'cb_r' });
					assert.equal((await run(parameters)).json.outcome, 'deleted');

					for (const options of [{}, { succeedIfAlreadyDone: true }]) {
						const { json } = await run(parameters, options);
						assert.equal(json.success, false, JSON.stringify(options));
						assert.equal(json.outcome, 'failed');
						assert.deepEqual(json.error, {
							message: `ChartMogul could not delete invoice "${String(parameters.invoiceId)}": Invoice not found (invalid, HTTP 404)`,
							httpStatus: 404,
							code: 'invalid',
						});
					}
					assert.deepEqual(sandbox.deleted, ['inv_r']);
				});
			}

			it('fails the run clearly without Continue On Fail', async () => {
				sandbox.addInvoice({ uuid: 'inv_r2' });
				await run({ operation: 'delete', invoiceId: 'inv_r2' });
				const result: RunNodeResult = await runNode({
					node: 'chartMogul',
					parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'inv_r2', options: { succeedIfAlreadyDone: true } },
					credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
				});
				assert.equal(result.error?.message, 'ChartMogul could not delete invoice "inv_r2": Invoice not found (invalid, HTTP 404)');
			});

			it('a dry run of it predicts would_fail, never already_deleted', async () => {
				sandbox.addInvoice({ uuid: 'inv_r3' });
				await run({ operation: 'delete', invoiceId: 'inv_r3' });
				const { json } = await run({ operation: 'delete', invoiceId: 'inv_r3' }, { dryRun: true, succeedIfAlreadyDone: true });
				assert.equal(json.outcome, 'would_fail');
				assert.match(String(json.reason), /Invoice not found/);
			});
		});
	});

	for (const { operation, status, would } of STATUS_CHANGES) {
		describe(`${operation}`, () => {
			it(`by UUID: reads the invoice once, predicts ${would}, then the real run changes the status`, async () => {
				sandbox.addInvoice({ uuid: 'inv_s', external_id: 'cb_s', data_source_uuid: 'ds_stripe' });
				const { dry, real, reads } = await dryThenReal({ operation, invoiceId: 'inv_s' });

				assert.deepEqual(reads.map(requestLine), ['GET /v1/invoices/inv_s']);
				assert.equal(dry.outcome, would);
				assert.equal((dry.response as { status: string }).status, 'open');
				assert.deepEqual(
					[dry.invoiceUuid, dry.externalId, dry.dataSourceUuid],
					[real.invoiceUuid, real.externalId, real.dataSourceUuid],
					'the dry run names the ids the real run uses',
				);
				assert.equal(sandbox.invoices.get('inv_s')!.status, status);
			});

			it(`by external ID: reads the list filtered to it, predicts ${would}, then changes the status`, async () => {
				sandbox.addInvoice({ uuid: 'inv_x', external_id: 'cb_x' });
				const { dry, reads } = await dryThenReal({ operation, invoiceId: 'cb_x', ...byExternalId });

				assert.equal(reads.length, 1);
				assert.equal(reads[0].rawPath, '/v1/invoices');
				assert.deepEqual(reads[0].query, { data_source_uuid: DS, external_id: 'cb_x' });
				assert.equal(dry.outcome, would);
				assert.equal(dry.invoiceUuid, 'inv_x');
				assert.equal(sandbox.invoices.get('inv_x')!.status, status);
			});

			it('an invoice without external_id: predicts would_fail with the reason the real run fails with', async () => {
				sandbox.addInvoice({ uuid: 'inv_noext', external_id: '' });
				const { dry, real } = await dryThenReal({ operation, invoiceId: 'inv_noext' });
				const reason = 'ChartMogul\'s invoice "inv_noext" came without an external_id and data_source_uuid, which the status change needs';
				assert.equal(dry.outcome, 'would_fail');
				assert.equal(dry.reason, reason);
				assert.equal((dry.response as { uuid: string }).uuid, 'inv_noext', 'the invoice as read');
				assert.equal((real.error as { message: string }).message, reason);
				assert.deepEqual(sandbox.writes, []);
			});

			it('an unknown UUID: predicts would_fail (404), and the real run fails before any status change', async () => {
				const { dry, real } = await dryThenReal({ operation, invoiceId: 'inv_gone' });
				assert.equal(dry.outcome, 'would_fail');
				assert.match(String(dry.reason), /"inv_gone": Invoice not found \(invalid, HTTP 404\)/);
				assert.equal((real.error as { httpStatus: number }).httpStatus, 404);
				assert.deepEqual(sandbox.writes, []);
			});

			it('an unknown external ID: predicts would_fail, and the real status change answers 404', async () => {
				const { dry, real } = await dryThenReal({ operation, invoiceId: 'cb_gone', ...byExternalId });
				assert.equal(dry.reason, `ChartMogul has no invoice with external ID "cb_gone" in data source "${DS}"`);
				assert.equal((real.error as { httpStatus: number }).httpStatus, 404);
				assert.equal(sandbox.statusChanges.length, 0);
			});

			for (const current of ['open', 'paid', 'refunded', 'voided', 'written_off'] as ChartMogulStatus[]) {
				it(`an invoice ${current}: the rule and the sandbox agree (${would}, then ${REAL_OUTCOME[would]})`, async () => {
					sandbox.addInvoice({ uuid: `inv_${current}`, external_id: `cb_${current}`, status: current });
					const { dry } = await dryThenReal({ operation, invoiceId: `inv_${current}` });
					assert.equal(dry.outcome, would);
					assert.equal((dry.response as { status: string }).status, current, 'the status as read');
					assert.equal(sandbox.invoices.get(`inv_${current}`)!.status, status);
				});
			}

			it(`a repeat on an invoice already ${status}: sent again and reported as ${REAL_OUTCOME[would]}, never already_*`, async () => {
				sandbox.addInvoice({ uuid: 'inv_again', external_id: 'cb_again' });
				const parameters = { operation, invoiceId: 'cb_again', ...byExternalId };
				assert.equal((await run(parameters)).json.outcome, REAL_OUTCOME[would]);

				for (const options of [{}, { succeedIfAlreadyDone: true }]) {
					const { json } = await run(parameters, options);
					assert.equal(json.success, true);
					assert.equal(json.outcome, REAL_OUTCOME[would], 'ChartMogul accepted it: no "already" that its answer did not prove');
					assert.deepEqual(json.response, { message: 'Invoice updated' });
				}
				assert.deepEqual(
					sandbox.statusChanges.map((change) => [change.uuid, change.status]),
					[['inv_again', status], ['inv_again', status], ['inv_again', status]],
				);
			});
		});
	}

	describe('Delete All of a Customer', () => {
		const parameters = { operation: 'deleteAllForCustomer', dataSourceUuid: DS, customerUuid: 'cus_a' };

		it('lists the customer\'s invoices in the data source, predicts would_delete with their count, then deletes that many', async () => {
			sandbox.addInvoice({ uuid: 'inv_a1', customer_uuid: 'cus_a' });
			sandbox.addInvoice({ uuid: 'inv_a2', customer_uuid: 'cus_a' });
			sandbox.addInvoice({ uuid: 'inv_a3', customer_uuid: 'cus_a' });
			sandbox.addInvoice({ uuid: 'inv_a_other_ds', customer_uuid: 'cus_a', data_source_uuid: 'ds_stripe' });
			sandbox.addInvoice({ uuid: 'inv_b1', customer_uuid: 'cus_b' });
			const { dry, real, reads } = await dryThenReal(parameters);

			assert.equal(reads.length, 1);
			assert.equal(reads[0].method, 'GET');
			assert.equal(reads[0].rawPath, '/v1/invoices');
			assert.deepEqual(reads[0].query, { data_source_uuid: DS, customer_uuid: 'cus_a', per_page: '200' });
			assert.equal(dry.outcome, 'would_delete');
			assert.equal(dry.invoiceCount, 3);
			assert.equal(dry.customerUuid, 'cus_a');
			assert.equal(dry.dataSourceUuid, DS);
			assert.deepEqual(
				(dry.response as { invoices: Array<{ uuid: string }> }).invoices.map(({ uuid }) => uuid),
				['inv_a1', 'inv_a2', 'inv_a3'],
			);
			assert.equal(real.outcome, 'deleted');
			assert.deepEqual([...sandbox.deleted].sort(), ['inv_a1', 'inv_a2', 'inv_a3'], 'as many as predicted, the same ones');
		});

		it('counts every page: follows the cursor while ChartMogul says has_more', async () => {
			for (let index = 0; index < 450; index++) sandbox.addInvoice({ uuid: `inv_p${index}`, customer_uuid: 'cus_a' });
			const { dry, reads } = await dryThenReal(parameters);

			assert.equal(reads.length, 3);
			assert.equal(reads[0].query.cursor, undefined);
			assert.ok(reads[1].query.cursor, 'the second page asks with the cursor of the first');
			assert.notEqual(reads[2].query.cursor, reads[1].query.cursor);
			assert.ok(reads.every((read) => read.query.per_page === '200' && read.query.customer_uuid === 'cus_a'));
			assert.equal(dry.invoiceCount, 450);
			assert.equal(new Set((dry.response as { invoices: Array<{ uuid: string }> }).invoices.map(({ uuid }) => uuid)).size, 450);
			assert.equal(dry.attempts, 3);
			assert.equal(sandbox.deleted.length, 450);
		});

		it('the dry run reports the count and each invoice\'s uuid and external_id, not the invoice objects', async () => {
			sandbox.addInvoice({ uuid: 'inv_a1', customer_uuid: 'cus_a' });
			sandbox.addInvoice({ uuid: 'inv_a2', customer_uuid: 'cus_a', external_id: 'cb_77' });
			const { json } = await run(parameters, { dryRun: true });

			assert.equal(json.outcome, 'would_delete');
			assert.equal(json.invoiceCount, 2);
			assert.deepEqual(json.response, {
				invoiceCount: 2,
				invoices: [
					{ uuid: 'inv_a1', external_id: 'ext_inv_a1' },
					{ uuid: 'inv_a2', external_id: 'cb_77' },
				],
			});
		});

		it('the dry run counts each invoice once when ChartMogul lists one on two pages', async () => {
			for (let index = 0; index < 450; index++) sandbox.addInvoice({ uuid: `inv_p${index}`, customer_uuid: 'cus_a' });
			sandbox.pagingFault = { overlap: 5 };
			const { json } = await run(parameters, { dryRun: true });

			assert.equal(json.invoiceCount, 450);
			assert.equal((json.response as { invoices: unknown[] }).invoices.length, 450);
		});

		it('the dry run of a customer past the record ceiling fails clearly and deletes nothing', async () => {
			sandbox.addInvoice({ uuid: 'inv_keep', customer_uuid: 'cus_a' });
			sandbox.server.faultFunction = oversizedListPages(10_000, 12);
			try {
				const { json } = await run(parameters, { dryRun: true });
				const error = json.error as { message: string };
				assert.equal(json.success, false);
				assert.match(error.message, /^ChartMogul has more than 100,000 invoices for this search/);
				assert.equal(sandbox.requests.length, 11);
				assert.deepEqual(sandbox.writes, []);
				assert.deepEqual(sandbox.deleted, []);
			} finally {
				sandbox.server.faultFunction = undefined;
			}
		});

		it('a customer ChartMogul does not know: reads it, predicts would_fail with the 404 the real run fails with', async () => {
			const { dry, real, reads } = await dryThenReal({ ...parameters, customerUuid: 'cus_nobody' });

			assert.deepEqual(reads.map(({ method, rawPath }) => `${method} ${rawPath}`), ['GET /v1/invoices', 'GET /v1/customers/cus_nobody']);
			assert.equal(dry.outcome, 'would_fail');
			const message = 'ChartMogul could not delete all invoices of customer "cus_nobody": Customer not found (invalid, HTTP 404)';
			assert.equal(dry.reason, message);
			assert.equal((real.error as { message: string }).message, message);
		});

		it('a known customer without invoices there: predicts would_delete of 0; the real run deletes nothing and succeeds, also when repeated', async () => {
			sandbox.addInvoice({ uuid: 'inv_elsewhere', customer_uuid: 'cus_a', data_source_uuid: 'ds_stripe' });
			const { dry, real } = await dryThenReal(parameters);
			assert.equal(dry.outcome, 'would_delete');
			assert.equal(dry.invoiceCount, 0);
			assert.equal(real.outcome, 'deleted');
			assert.equal((await run(parameters)).json.outcome, 'deleted');
			assert.deepEqual(sandbox.deleted, []);
		});
	});

	describe('the node\'s options', () => {
		const options = new ChartMogul().description.properties.find((property) => property.name === 'options')!
			.options as INodeProperties[];

		it('offers Dry Run on every write, and Succeed If Already Done saying ChartMogul proves "already done" only for Disable and Enable', () => {
			const dryRun = options.find((option) => option.name === 'dryRun');
			assert.deepEqual([...(dryRun!.displayOptions!.show!['/operation'] as string[])].sort(), [
				'delete',
				'deleteAllForCustomer',
				'disable',
				'enable',
				'void',
				'writeOff',
			]);
			const succeed = options.find((option) => option.name === 'succeedIfAlreadyDone')!;
			assert.deepEqual(succeed.displayOptions!.show!['/operation'], dryRun!.displayOptions!.show!['/operation']);
			assert.match(
				String(succeed.description),
				/ChartMogul cannot prove it for Delete, Delete All of a Customer, Void, Write Off: there the error stands/,
			);
		});

		it('every write predicts through a read; only Disable and Enable, whose state a read shows, claim changeIsMade', () => {
			for (const operation of invoiceOperations) {
				assert.equal(typeof operation.predict, operation.dryRunOutcome ? 'function' : 'undefined', operation.value);
				const provable = ['disable', 'enable'].includes(operation.value);
				assert.equal(typeof operation.changeIsMade, provable ? 'function' : 'undefined', operation.value);
			}
		});
	});
});
