import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { assertAuditFields, assertPairedInOrder } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChartMogulSandbox, DISABLED_BY } from '../sandbox/chartmogul';

const DS = 'ds_chargebee';
const byExternalId = { invoiceIdType: 'externalId', dataSourceUuid: DS };
/** Retries fast in tests: a 5 ms base instead of 1 s. */
const FAST = { retryBaseDelayMs: 5 };

describe('ChartMogul Disable and Enable in the n8n engine', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = async (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
			continueOnFail: true,
			...extra,
		});

	/** One item's json, after checking the audit fields every item carries. */
	const only = async (parameters: Record<string, unknown>) => {
		const result = await run(parameters);
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 1);
		assertAuditFields(result, result.items[0].json);
		return result.items[0].json;
	};

	const lines = () => sandbox.requests.map(({ method, url }) => `${method} ${url}`);
	const state = () => JSON.stringify([...sandbox.invoices.values()]);

	describe('Disable', () => {
		it('by UUID: PATCH /v1/invoices/{uuid}/disabled_state {"disabled":true}, outcome disabled, the invoice as answered', async () => {
			sandbox.addInvoice({ uuid: 'inv_d', external_id: 'cb_d' });
			const json = await only({ operation: 'disable', invoiceId: 'inv_d' });

			assert.equal(json.provider, 'chartMogul');
			assert.equal(json.operation, 'disable');
			assert.equal(json.invoiceId, 'inv_d');
			assert.equal(json.invoiceUuid, 'inv_d');
			assert.equal(json.externalId, 'cb_d');
			assert.equal(json.dataSourceUuid, DS);
			assert.equal(json.success, true);
			assert.equal(json.outcome, 'disabled');
			assert.equal(json.dryRun, false);
			assert.equal(json.attempts, 1);
			const response = json.response as IDataObject;
			assert.equal(response.uuid, 'inv_d');
			assert.equal(response.disabled, true);
			assert.equal(response.disabled_by, DISABLED_BY);
			assert.equal(typeof response.disabled_at, 'string');

			assert.deepEqual(lines(), ['PATCH /v1/invoices/inv_d/disabled_state']);
			const [request] = sandbox.requests;
			assert.match(String(request.headers['content-type']), /application\/json/);
			assert.deepEqual(request.body, { disabled: true });
			assert.deepEqual(sandbox.disabledChanges, [{ uuid: 'inv_d', disabled: true }]);
		});

		it('by external ID: one request, PATCH /v1/invoices/disabled_state?data_source_uuid=&external_id=, only that data source', async () => {
			sandbox.addInvoice({ uuid: 'inv_x', external_id: 'cb_77' });
			sandbox.addInvoice({ uuid: 'inv_x_other', external_id: 'cb_77', data_source_uuid: 'ds_stripe' });
			const json = await only({ operation: 'disable', invoiceId: 'cb_77', ...byExternalId });

			assert.equal(json.outcome, 'disabled');
			assert.equal(json.externalId, 'cb_77');
			assert.equal(json.dataSourceUuid, DS);
			assert.equal(json.invoiceUuid, 'inv_x', 'learnt from the answer');
			const [request] = sandbox.requests;
			assert.equal(sandbox.requests.length, 1);
			assert.equal(request.method, 'PATCH');
			assert.equal(request.rawPath, '/v1/invoices/disabled_state');
			assert.deepEqual(request.query, { data_source_uuid: DS, external_id: 'cb_77' });
			assert.deepEqual(request.body, { disabled: true });
			assert.equal(sandbox.invoices.get('inv_x')!.disabled, true);
			assert.equal(sandbox.invoices.get('inv_x_other')!.disabled, false);
		});

		it('a disabled invoice leaves Get Many, and comes back with the With Disabled filter, disabled fields and all', async () => {
			sandbox.addInvoice({ uuid: 'inv_l1', customer_uuid: 'cus_l' });
			sandbox.addInvoice({ uuid: 'inv_l2', customer_uuid: 'cus_l' });
			await only({ operation: 'disable', invoiceId: 'inv_l1' });

			const plain = await run({ operation: 'getAll', returnAll: true, filters: { customerUuid: 'cus_l' } });
			assert.deepEqual(plain.items.map((item) => item.json.uuid), ['inv_l2']);
			const all = await run({ operation: 'getAll', returnAll: true, filters: { customerUuid: 'cus_l', withDisabled: true } });
			assert.deepEqual(all.items.map((item) => [item.json.uuid, item.json.disabled, item.json.disabled_by]), [
				['inv_l1', true, DISABLED_BY],
				['inv_l2', false, null],
			]);
			assert.equal(sandbox.requests.at(-1)!.query.with_disabled, 'true');
		});

		it('surfaces ChartMogul\'s refusal for a custom data source (which the invoice read cannot show)', async () => {
			sandbox.customDataSources.add('ds_import');
			sandbox.addInvoice({ uuid: 'inv_custom', data_source_uuid: 'ds_import' });
			const result = await run({ operation: 'disable', invoiceId: 'inv_custom' });

			assert.deepEqual(result.items[0].json.error, {
				message: 'ChartMogul could not disable invoice "inv_custom": Invoices from custom data sources cannot be disabled or enabled (HTTP 422)',
				httpStatus: 422,
				code: null,
			});
			assert.equal(sandbox.invoices.get('inv_custom')!.disabled, false);
		});

		it('never reports a change from an answer about another invoice, or one still enabled', async () => {
			sandbox.addInvoice({ uuid: 'inv_a' });
			sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { uuid: 'inv_someone_else', disabled: true } } });
			const other = await run({ operation: 'disable', invoiceId: 'inv_a' });
			sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { uuid: 'inv_a', disabled: false } } });
			const stillEnabled = await run({ operation: 'disable', invoiceId: 'inv_a' });

			for (const [result, why] of [[other, /did not return this invoice/], [stillEnabled, /is not disabled/]] as const) {
				assert.equal(result.items[0].json.success, false);
				assert.equal(result.items[0].json.outcome, 'failed');
				assert.match((result.items[0].json.error as { message: string }).message, why);
			}
		});

		it('runs 12 items, each paired with its input, in order', async () => {
			const ids = Array.from({ length: 12 }, (_, index) => `cb_many_${index}`);
			ids.forEach((id, index) => sandbox.addInvoice({ uuid: `inv_many_${index}`, external_id: id }));
			const result = await run({ operation: 'disable', invoiceId: '={{ $json.id }}', ...byExternalId }, { items: ids.map((id) => ({ id })) });

			assertPairedInOrder(result, 12);
			result.items.forEach((item, index) => {
				assert.equal(item.json.invoiceId, ids[index]);
				assert.equal(item.json.outcome, 'disabled');
			});
			assert.equal(new Set(sandbox.disabledChanges.map(({ uuid }) => uuid)).size, 12);
		});
	});

	describe('Enable', () => {
		it('by UUID: PATCH {"disabled":false}, outcome enabled', async () => {
			sandbox.addInvoice({ uuid: 'inv_e', disabled: true, disabled_at: '2026-01-02T00:00:00.000Z', disabled_by: 'someone@example.com' });
			const json = await only({ operation: 'enable', invoiceId: 'inv_e' });

			assert.equal(json.outcome, 'enabled');
			assert.equal((json.response as IDataObject).disabled, false);
			assert.deepEqual(sandbox.requests[0].body, { disabled: false });
			assert.equal(sandbox.invoices.get('inv_e')!.disabled, false);
			assert.equal(sandbox.invoices.get('inv_e')!.disabled_at, null);
		});

		it('by external ID: the one-request form finds an invoice the plain list hides', async () => {
			sandbox.addInvoice({ uuid: 'inv_eh', external_id: 'cb_hidden', disabled: true });
			const json = await only({ operation: 'enable', invoiceId: 'cb_hidden', ...byExternalId });

			assert.equal(json.outcome, 'enabled');
			assert.deepEqual(lines(), [`PATCH /v1/invoices/disabled_state?data_source_uuid=${DS}&external_id=cb_hidden`]);
			assert.equal(sandbox.invoices.get('inv_eh')!.disabled, false);
		});

		it('disable then enable leaves the invoice as it was, listed again', async () => {
			sandbox.addInvoice({ uuid: 'inv_round', customer_uuid: 'cus_round' });
			await only({ operation: 'disable', invoiceId: 'inv_round' });
			await only({ operation: 'enable', invoiceId: 'inv_round' });

			const listed = await run({ operation: 'getAll', returnAll: true, filters: { customerUuid: 'cus_round' } });
			assert.deepEqual(listed.items.map((item) => item.json.uuid), ['inv_round']);
			assert.deepEqual(sandbox.disabledChanges, [
				{ uuid: 'inv_round', disabled: true },
				{ uuid: 'inv_round', disabled: false },
			]);
		});
	});

	describe('Dry Run', () => {
		it('by UUID: reads GET /v1/invoices/{uuid}?with_disabled=true, predicts would_disable with the invoice, changes nothing', async () => {
			sandbox.addInvoice({ uuid: 'inv_dr', external_id: 'cb_dr' });
			const before = state();
			const json = await only({ operation: 'disable', invoiceId: 'inv_dr', options: { dryRun: true } });

			assert.equal(json.outcome, 'would_disable');
			assert.equal(json.dryRun, true);
			assert.equal((json.response as IDataObject).uuid, 'inv_dr');
			assert.equal(json.externalId, 'cb_dr');
			assert.deepEqual(lines(), ['GET /v1/invoices/inv_dr?with_disabled=true']);
			assert.equal(state(), before);
		});

		it('by external ID: reads the list with with_disabled=true, so Enable finds the disabled invoice: would_enable', async () => {
			sandbox.addInvoice({ uuid: 'inv_dre', external_id: 'cb_dre', disabled: true });
			const json = await only({ operation: 'enable', invoiceId: 'cb_dre', ...byExternalId, options: { dryRun: true } });

			assert.equal(json.outcome, 'would_enable');
			assert.equal(json.invoiceUuid, 'inv_dre');
			assert.deepEqual(sandbox.requests.map(({ method, rawPath, query }) => [method, rawPath, query]), [
				['GET', '/v1/invoices', { data_source_uuid: DS, external_id: 'cb_dre', with_disabled: 'true' }],
			]);
			assert.equal(sandbox.invoices.get('inv_dre')!.disabled, true);
		});

		const missing: Array<[string, Partial<Parameters<ChartMogulSandbox['addInvoice']>[0]>, string]> = [
			['a line item', { line_items: [{ external_id: 'li_1' }, { type: 'one_time' }] }, '1 line item without an external_id'],
			['transactions', { transactions: [{ external_id: '' }, {}] }, '2 transactions without an external_id'],
			['the invoice itself', { external_id: '' }, 'the invoice without an external_id'],
		];
		for (const [what, seeded, reason] of missing) {
			it(`${what} without an external id: predicts would_fail with ChartMogul's condition, and the real run fails`, async () => {
				sandbox.addInvoice({ uuid: 'inv_noext', ...seeded });
				const dry = await only({ operation: 'disable', invoiceId: 'inv_noext', options: { dryRun: true } });
				assert.equal(dry.outcome, 'would_fail');
				assert.equal(
					dry.reason,
					`${reason}; ChartMogul disables and enables only invoices whose line items and transactions all have external IDs`,
				);

				const real = await only({ operation: 'disable', invoiceId: 'inv_noext' });
				assert.equal(real.outcome, 'failed');
				assert.match((real.error as { message: string }).message, /must have an external ID to be disabled or enabled \(HTTP 422\)/);
			});
		}

		it('an unknown UUID: would_fail with ChartMogul\'s 404; an unknown external ID: would_fail naming it', async () => {
			const byUuid = await only({ operation: 'disable', invoiceId: 'inv_none', options: { dryRun: true } });
			const byExternal = await only({ operation: 'enable', invoiceId: 'cb_none', ...byExternalId, options: { dryRun: true } });

			assert.equal(byUuid.outcome, 'would_fail');
			assert.match(String(byUuid.reason), /Invoice not found \(invalid, HTTP 404\)/);
			assert.equal(byExternal.outcome, 'would_fail');
			assert.equal(byExternal.reason, `ChartMogul has no invoice with external ID "cb_none" in data source "${DS}"`);
			assert.deepEqual(sandbox.writes, []);
		});

		it('of Delete says that a resync may restore the invoice and that Disable lasts', async () => {
			sandbox.addInvoice({ uuid: 'inv_del' });
			const json = await only({ operation: 'delete', invoiceId: 'inv_del', options: { dryRun: true } });

			assert.equal(json.outcome, 'would_delete');
			assert.equal(
				json.notice,
				'ChartMogul: an invoice deleted from an automatic data source (Stripe, Chargebee, Recurly, Braintree, ...) can come back at its next sync. Disable takes an invoice out of the metrics and keeps it out through resyncs.',
			);
			const missing = await only({ operation: 'delete', invoiceId: 'inv_gone', options: { dryRun: true } });
			assert.equal(missing.outcome, 'would_fail');
			assert.equal(missing.notice, undefined, 'no warning about an invoice that is not there');
		});
	});

	describe('already in the target state', () => {
		for (const [operation, disabled, state] of [['disable', true, 'disabled'], ['enable', false, 'enabled']] as const) {
			it(`${operation} of an invoice already ${state}: would_fail, or already_${state} with Succeed If Already Done (dry and real)`, async () => {
				sandbox.addInvoice({ uuid: 'inv_same', external_id: 'cb_same', disabled });
				const dry = await only({ operation, invoiceId: 'inv_same', options: { dryRun: true } });
				assert.equal(dry.outcome, 'would_fail');
				assert.equal(dry.reason, `the invoice is already ${state}`);
				const dryOk = await only({ operation, invoiceId: 'inv_same', options: { dryRun: true, succeedIfAlreadyDone: true } });
				assert.equal(dryOk.outcome, `already_${state}`);

				const real = await only({ operation, invoiceId: 'cb_same', ...byExternalId });
				assert.equal(real.outcome, 'failed');
				assert.match((real.error as { message: string }).message, new RegExp(`Invoice is already ${state} \\(HTTP 422\\)`));
				sandbox.requests.length = 0;

				// From an expression, as text.
				const done = await only({ operation, invoiceId: 'cb_same', ...byExternalId, options: { succeedIfAlreadyDone: '={{ "TRUE" }}' } });
				assert.equal(done.success, true);
				assert.equal(done.outcome, `already_${state}`);
				assert.equal(done.attempts, 2, 'the refused PATCH and the read that proves the state');
				assert.deepEqual(sandbox.requests.map(({ method, query }) => [method, query.with_disabled]), [
					['PATCH', undefined],
					['GET', 'true'],
				]);
				assert.deepEqual(sandbox.disabledChanges, []);
			});
		}

		it('a refusal is not "already done" when the read shows the other state', async () => {
			sandbox.customDataSources.add('ds_import');
			sandbox.addInvoice({ uuid: 'inv_cu', data_source_uuid: 'ds_import' });
			const json = await only({ operation: 'disable', invoiceId: 'inv_cu', options: { succeedIfAlreadyDone: true } });

			assert.equal(json.outcome, 'failed');
			assert.match((json.error as { message: string }).message, /custom data sources/);
		});

		it('an unknown invoice stays a failure with Succeed If Already Done: the read finds nothing either', async () => {
			const json = await only({ operation: 'disable', invoiceId: 'inv_never', options: { succeedIfAlreadyDone: true } });
			assert.equal(json.outcome, 'failed');
			assert.equal((json.error as { httpStatus: number }).httpStatus, 404);
		});

		it('a wrong key is never turned into "already done", and nothing is read', async () => {
			sandbox.addInvoice({ uuid: 'inv_key', disabled: true });
			const result = await runNode({
				node: 'chartMogul',
				parameters: { resource: 'invoice', operation: 'disable', invoiceId: 'inv_key', options: { succeedIfAlreadyDone: true } } as never,
				credentials: { invoiceOpsChartMogulApi: sandbox.credentials({ apiKey: 'cm_wrong' }) },
				continueOnFail: true,
			});
			assert.equal(result.items[0].json.outcome, 'failed');
			assert.equal((result.items[0].json.error as { httpStatus: number }).httpStatus, 401);
			assert.equal(sandbox.requests.length, 1);
		});

		it('a disable whose answer was lost, refused on the retry as already disabled, is proven by the read: disabled', async () => {
			sandbox.addInvoice({ uuid: 'inv_lost' });
			sandbox.server.inject({ kind: 'reset', afterHandler: true });
			const json = await only({ operation: 'disable', invoiceId: 'inv_lost', options: FAST });

			assert.equal(json.success, true);
			assert.equal(json.outcome, 'disabled');
			assert.equal(json.attempts, 3);
			assert.deepEqual(lines(), [
				'PATCH /v1/invoices/inv_lost/disabled_state',
				'PATCH /v1/invoices/inv_lost/disabled_state',
				'GET /v1/invoices/inv_lost?with_disabled=true',
			]);
			assert.deepEqual(sandbox.disabledChanges, [{ uuid: 'inv_lost', disabled: true }]);
		});
	});

	describe('checks before any request', () => {
		const nothing = '={{ $json.missing }}';
		const refused: Array<[string, Record<string, unknown>, RegExp]> = [
			['a blank invoice id', { operation: 'disable', invoiceId: '  ' }, /"Invoice ID" is empty/],
			['a data source that resolves to nothing (enable)', { operation: 'enable', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: nothing }, /"Data Source UUID" is empty/],
			['a data source of ".." (disable)', { operation: 'disable', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: '..' }, /"Data Source UUID" cannot be "\.\."/],
			['an unknown invoice ID type', { operation: 'enable', invoiceId: 'x', invoiceIdType: 'number' }, /"Invoice ID Type" must be "uuid" or "externalId"/],
			['a Dry Run that is not a boolean', { operation: 'disable', invoiceId: 'x', options: { dryRun: 'maybe' } }, /Dry Run/],
			['a With Disabled filter that is not a boolean', { operation: 'getAll', filters: { withDisabled: '={{ "yes" }}' } }, /With Disabled/],
		];
		for (const [name, parameters, message] of refused) {
			it(`refuses ${name}`, async () => {
				sandbox.addInvoice({ uuid: 'x', external_id: 'x' });
				const result = await run(parameters, { continueOnFail: false });
				assert.ok(result.error, 'the node fails');
				assert.match(result.error.message, message);
				assert.equal(sandbox.requests.length, 0);
				assert.equal(sandbox.invoices.get('x')!.disabled, false);
			});
		}

		it('takes With Disabled as text from an expression ("True ")', async () => {
			sandbox.addInvoice({ uuid: 'inv_t', disabled: true });
			const result = await run({ operation: 'getAll', filters: { withDisabled: '={{ "True " }}' } });
			assert.deepEqual(result.items.map((item) => item.json.uuid), ['inv_t']);
			assert.equal(sandbox.requests[0].query.with_disabled, 'true');
		});

		it('a Dry Run from an expression as text ("true") is a dry run: nothing changes', async () => {
			sandbox.addInvoice({ uuid: 'inv_txt' });
			const json = await only({ operation: 'disable', invoiceId: 'inv_txt', options: { dryRun: '={{ "true" }}' } });
			assert.equal(json.outcome, 'would_disable');
			assert.deepEqual(sandbox.writes, []);
		});
	});
});
