import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { assertAuditFields, assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChartMogulSandbox } from '../sandbox/chartmogul';

const DS = 'ds_chargebee';

describe('ChartMogul node in the n8n engine', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
			...extra,
		});

	const byExternalId = { invoiceIdType: 'externalId', dataSourceUuid: DS };

	describe('Delete', () => {
		it('deletes by UUID: DELETE /v1/invoices/{uuid}, 204 -> response null, outcome deleted', async () => {
			sandbox.addInvoice({ uuid: 'inv_1' });
			const result = await run({ operation: 'delete', invoiceId: 'inv_1' });

			assert.equal(result.error, undefined);
			const [item] = result.items;
			assert.deepEqual(item.pairedItem, { item: 0 });
			assert.equal(item.json.provider, 'chartMogul');
			assert.equal(item.json.operation, 'delete');
			assert.equal(item.json.invoiceId, 'inv_1');
			assert.equal(item.json.invoiceUuid, 'inv_1');
			assert.equal(item.json.success, true);
			assert.equal(item.json.outcome, 'deleted');
			assert.equal(item.json.attempts, 1);
			assert.equal(item.json.response, null);
			assertAuditFields(result, item.json);

			assert.deepEqual(sandbox.deleted, ['inv_1']);
			assert.equal(sandbox.requests.length, 1);
			const [request] = sandbox.requests;
			assert.equal(request.method, 'DELETE');
			assert.equal(request.url, '/v1/invoices/inv_1');
		});

		it('deletes by external ID: DELETE /v1/invoices?data_source_uuid=&external_id=', async () => {
			sandbox.addInvoice({ uuid: 'inv_2', external_id: 'cb_inv_77' });
			sandbox.addInvoice({ uuid: 'inv_other_ds', external_id: 'cb_inv_77', data_source_uuid: 'ds_stripe' });
			const result = await run({ operation: 'delete', invoiceId: 'cb_inv_77', ...byExternalId });

			assert.equal(result.error, undefined);
			const { json } = result.items[0];
			assert.equal(json.outcome, 'deleted');
			assert.equal(json.invoiceId, 'cb_inv_77');
			assert.equal(json.externalId, 'cb_inv_77');
			assert.equal(json.dataSourceUuid, DS);
			assert.equal(json.response, null);

			assert.deepEqual(sandbox.deleted, ['inv_2'], 'only the invoice of that data source');
			const [request] = sandbox.requests;
			assert.equal(request.method, 'DELETE');
			assert.equal(request.rawPath, '/v1/invoices');
			assert.deepEqual(request.query, { data_source_uuid: DS, external_id: 'cb_inv_77' });
		});

		it('reads the external ID from a Chargebee webhook item through an expression', async () => {
			sandbox.addInvoice({ uuid: 'inv_3', external_id: '__demo_inv__1' });
			const result = await run(
				{ operation: 'delete', invoiceId: '={{ $json.content.invoice.id }}', ...byExternalId },
				{ items: [{ event_type: 'invoice_deleted', content: { invoice: { id: '__demo_inv__1' } } }] },
			);
			assert.equal(result.error, undefined);
			assert.equal(result.items[0].json.invoiceId, '__demo_inv__1');
			assert.deepEqual(sandbox.deleted, ['inv_3']);
		});
	});

	describe('Delete All of a Customer', () => {
		it('sends DELETE /v1/data_sources/{ds}/customers/{customer}/invoices and removes only that customer\'s invoices there', async () => {
			sandbox.addInvoice({ uuid: 'inv_a1', customer_uuid: 'cus_a' });
			sandbox.addInvoice({ uuid: 'inv_a2', customer_uuid: 'cus_a' });
			sandbox.addInvoice({ uuid: 'inv_a3', customer_uuid: 'cus_a', data_source_uuid: 'ds_stripe' });
			sandbox.addInvoice({ uuid: 'inv_b1', customer_uuid: 'cus_b' });
			const result = await run({ operation: 'deleteAllForCustomer', dataSourceUuid: DS, customerUuid: 'cus_a' });

			assert.equal(result.error, undefined);
			const { json } = result.items[0];
			assert.equal(json.outcome, 'deleted');
			assert.equal(json.invoiceId, null);
			assert.equal(json.customerUuid, 'cus_a');
			assert.equal(json.dataSourceUuid, DS);
			assert.equal(json.response, null);
			assert.deepEqual(sandbox.deleted.sort(), ['inv_a1', 'inv_a2']);
			assert.equal(sandbox.requests[0].method, 'DELETE');
			assert.equal(sandbox.requests[0].url, `/v1/data_sources/${DS}/customers/cus_a/invoices`);
		});

		it('names the customer when ChartMogul refuses', async () => {
			const result = await run({ operation: 'deleteAllForCustomer', dataSourceUuid: DS, customerUuid: 'cus_nobody' });
			assert.equal(
				result.error?.message,
				'ChartMogul could not delete all invoices of customer "cus_nobody": Customer not found (invalid, HTTP 404)',
			);
		});
	});

	describe('Void and Write Off', () => {
		it('voids by external ID: PUT /v1/data_sources/{ds}/invoices/{external_id}/status {"status":"voided"}', async () => {
			sandbox.addInvoice({ uuid: 'inv_v', external_id: 'cb_9' });
			const result = await run({ operation: 'void', invoiceId: 'cb_9', ...byExternalId });

			assert.equal(result.error, undefined);
			const { json } = result.items[0];
			assert.equal(json.outcome, 'voided');
			assert.equal(json.externalId, 'cb_9');
			assert.equal(json.dataSourceUuid, DS);
			assert.equal(json.invoiceUuid, undefined, 'not looked up');
			assert.deepEqual(json.response, { message: 'Invoice updated' });
			assert.equal(sandbox.invoices.get('inv_v')!.status, 'voided');

			assert.equal(sandbox.requests.length, 1);
			const [request] = sandbox.requests;
			assert.equal(request.method, 'PUT');
			assert.equal(request.url, `/v1/data_sources/${DS}/invoices/cb_9/status`);
			assert.match(String(request.headers['content-type']), /application\/json/);
			assert.deepEqual(request.body, { status: 'voided' });
		});

		it('writes off by UUID: looks up external_id and data_source_uuid first, then PUTs the status', async () => {
			sandbox.addInvoice({ uuid: 'inv_w', external_id: 'stripe_in_1', data_source_uuid: 'ds_stripe' });
			const result = await run({ operation: 'writeOff', invoiceId: 'inv_w' });

			assert.equal(result.error, undefined);
			const { json } = result.items[0];
			assert.equal(json.outcome, 'written_off');
			assert.equal(json.invoiceId, 'inv_w');
			assert.equal(json.invoiceUuid, 'inv_w');
			assert.equal(json.externalId, 'stripe_in_1');
			assert.equal(json.dataSourceUuid, 'ds_stripe');
			assert.equal(json.attempts, 2);
			assert.equal(sandbox.invoices.get('inv_w')!.status, 'written_off');

			const [lookup, change] = sandbox.requests;
			assert.equal(lookup.method, 'GET');
			assert.equal(lookup.url, '/v1/invoices/inv_w');
			assert.equal(change.method, 'PUT');
			assert.equal(change.url, '/v1/data_sources/ds_stripe/invoices/stripe_in_1/status');
			assert.deepEqual(change.body, { status: 'written_off' });
		});

		it('voids by UUID through the lookup', async () => {
			sandbox.addInvoice({ uuid: 'inv_vu', external_id: 'cb_vu' });
			const result = await run({ operation: 'void', invoiceId: 'inv_vu' });
			assert.equal(result.items[0].json.outcome, 'voided');
			assert.deepEqual(
				sandbox.requests.map((request) => `${request.method} ${request.url}`),
				['GET /v1/invoices/inv_vu', `PUT /v1/data_sources/${DS}/invoices/cb_vu/status`],
			);
		});

		it('sends handle_as_user_edit=true only when Handle as User Edit is on', async () => {
			sandbox.addInvoice({ uuid: 'inv_e1', external_id: 'e1' });
			sandbox.addInvoice({ uuid: 'inv_e2', external_id: 'e2' });
			sandbox.addInvoice({ uuid: 'inv_e3', external_id: 'e3' });
			await run({ operation: 'void', invoiceId: 'e1', ...byExternalId, handleAsUserEdit: true });
			await run({ operation: 'writeOff', invoiceId: 'e2', ...byExternalId, handleAsUserEdit: false });
			await run({ operation: 'writeOff', invoiceId: 'inv_e3', handleAsUserEdit: true });

			const puts = sandbox.writes;
			assert.deepEqual(puts[0].query, { handle_as_user_edit: 'true' });
			assert.deepEqual(puts[1].query, {});
			assert.equal(puts[1].url.includes('?'), false);
			assert.deepEqual(puts[2].query, { handle_as_user_edit: 'true' });
			assert.deepEqual(
				sandbox.statusChanges.map(({ uuid, handleAsUserEdit }) => [uuid, handleAsUserEdit]),
				[['inv_e1', true], ['inv_e2', false], ['inv_e3', true]],
			);
		});

		it('stops after a failed lookup: no status change is sent', async () => {
			const result = await run({ operation: 'void', invoiceId: 'inv_gone' });
			assert.equal(result.error?.message, 'ChartMogul could not void invoice "inv_gone": Invoice not found (invalid, HTTP 404)');
			assert.equal(sandbox.writes.length, 0);
		});

		it('refuses to guess when the lookup answer has no external_id', async () => {
			sandbox.addInvoice({ uuid: 'inv_noext', external_id: '' });
			const result = await run({ operation: 'writeOff', invoiceId: 'inv_noext' });
			assert.match(result.error!.message, /"inv_noext" came without an external_id and data_source_uuid/);
			assert.equal(sandbox.writes.length, 0);
		});
	});

	describe('Get', () => {
		it('gets by UUID: GET /v1/invoices/{uuid}', async () => {
			sandbox.addInvoice({ uuid: 'inv_g', external_id: 'cb_g', status: 'paid' });
			const result = await run({ operation: 'get', invoiceId: 'inv_g' });

			const { json } = result.items[0];
			assert.equal(json.outcome, 'fetched');
			assert.equal((json.response as { status: string }).status, 'paid');
			assert.equal(json.invoiceUuid, 'inv_g');
			assert.equal(json.externalId, 'cb_g');
			assert.equal(json.dataSourceUuid, DS);
			assert.equal(sandbox.requests[0].method, 'GET');
			assert.equal(sandbox.requests[0].url, '/v1/invoices/inv_g');
		});

		it('gets by external ID: GET /v1/invoices?data_source_uuid=&external_id=, returning the one invoice', async () => {
			sandbox.addInvoice({ uuid: 'inv_ge', external_id: 'cb_ge' });
			const result = await run({ operation: 'get', invoiceId: 'cb_ge', ...byExternalId });

			const { json } = result.items[0];
			assert.equal(json.outcome, 'fetched');
			assert.equal((json.response as { uuid: string }).uuid, 'inv_ge');
			assert.equal(json.invoiceUuid, 'inv_ge');
			assert.equal(sandbox.requests[0].rawPath, '/v1/invoices');
			assert.deepEqual(sandbox.requests[0].query, { data_source_uuid: DS, external_id: 'cb_ge' });
		});

		it('fails naming provider and id when no invoice has the external ID', async () => {
			const result = await run({ operation: 'get', invoiceId: 'cb_none', ...byExternalId });
			assert.equal(result.error?.message, `ChartMogul has no invoice with external ID "cb_none" in data source "${DS}"`);
		});

		it('fails listing the UUIDs when several invoices have the external ID', async () => {
			sandbox.addInvoice({ uuid: 'inv_d1', external_id: 'dup' });
			sandbox.addInvoice({ uuid: 'inv_d2', external_id: 'dup' });
			const result = await run({ operation: 'get', invoiceId: 'dup', ...byExternalId });
			assert.equal(result.error?.message, `ChartMogul has 2 invoices with external ID "dup" in data source "${DS}": inv_d1, inv_d2`);
		});
	});

	describe('errors', () => {
		it('reports a 422 {message} with the provider\'s reason', async () => {
			sandbox.addInvoice({ uuid: 'inv_422', external_id: 'x422' });
			sandbox.server.inject({ kind: 'reply', reply: { status: 422, body: { message: 'Invoice cannot be written off' } } });
			const result = await run({ operation: 'writeOff', invoiceId: 'x422', ...byExternalId }, { continueOnFail: true });

			const { json } = result.items[0];
			assert.equal(json.success, false);
			assert.equal(json.outcome, 'failed');
			assert.deepEqual(json.error, {
				message: 'ChartMogul could not write off invoice "x422": Invoice cannot be written off (HTTP 422)',
				httpStatus: 422,
				code: null,
			});
		});

		it('fails with ChartMogul\'s authentication error on a wrong key, without showing any key', async () => {
			sandbox.addInvoice({ uuid: 'inv_k', external_id: 'k' });
			const wrongKey = [...sandbox.apiKey].reverse().join('');
			const result = await runNode({
				node: 'chartMogul',
				parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_k' },
				credentials: { invoiceOpsChartMogulApi: sandbox.credentials({ apiKey: wrongKey }) },
			});
			assert.equal(result.error?.message, 'ChartMogul could not void invoice "inv_k": No valid API key provided (401, HTTP 401)');
			assert.match(String(result.error?.description), /did not accept the credential/);
			assertNoSecret(result, wrongKey);
			assertNoSecret(result, sandbox.apiKey);
			assert.equal(sandbox.invoices.get('inv_k')!.status, 'open');
		});

		it('sends the key as Basic auth with an empty password on every request', async () => {
			sandbox.addInvoice({ uuid: 'inv_b', external_id: 'b' });
			const result = await run({ operation: 'void', invoiceId: 'inv_b' });
			assert.equal(result.error, undefined);
			const expected = `Basic ${Buffer.from(`${sandbox.apiKey}:`).toString('base64')}`;
			assert.equal(sandbox.requests.length, 2);
			for (const request of sandbox.requests) assert.equal(request.headers.authorization, expected);
			assertNoSecret(result, sandbox.apiKey);
		});

		it('gives one error item per failed input with Continue On Fail, keeping order and pairing', async () => {
			sandbox.addInvoice({ uuid: 'inv_ok1', external_id: 'ok1' });
			sandbox.addInvoice({ uuid: 'inv_ok2', external_id: 'ok2' });
			const result = await run(
				{ operation: 'void', invoiceId: '={{ $json.id }}', ...byExternalId },
				{ items: [{ id: 'ok1' }, { id: 'missing' }, { id: '' }, { id: 'ok2' }], continueOnFail: true },
			);

			assert.equal(result.error, undefined);
			assertPairedInOrder(result, 4);
			const [first, missing, blank, last] = result.items.map((item) => item.json);
			assert.equal(first.outcome, 'voided');
			assert.equal(last.outcome, 'voided');
			assert.equal(missing.success, false);
			assert.equal(missing.outcome, 'failed');
			assert.equal(missing.invoiceId, 'missing');
			assert.deepEqual(missing.error, {
				message: 'ChartMogul could not void invoice "missing": Invoice not found (invalid, HTTP 404)',
				httpStatus: 404,
				code: 'invalid',
			});
			assertAuditFields(result, missing);
			assert.equal(missing.attempts, 1);
			assert.match((blank.error as { message: string }).message, /"Invoice ID" is empty/);
			assert.equal((blank.error as { httpStatus: number | null }).httpStatus, null);
			assert.equal(blank.attempts, 0);
		});

		it('stops at the first failure without Continue On Fail and starts no further item', async () => {
			sandbox.addInvoice({ uuid: 'inv_s1' });
			sandbox.addInvoice({ uuid: 'inv_s3' });
			// One item at a time, so that "no further item" is exact.
			const result = await run(
				{ operation: 'delete', invoiceId: '={{ $json.id }}', options: { concurrency: 1 } },
				{ items: [{ id: 'inv_s1' }, { id: 'inv_missing' }, { id: 'inv_s3' }] },
			);
			assert.equal(result.error?.message, 'ChartMogul could not delete invoice "inv_missing": Invoice not found (invalid, HTTP 404)');
			assert.deepEqual(sandbox.requests.map(({ url }) => url), ['/v1/invoices/inv_s1', '/v1/invoices/inv_missing']);
			assert.ok(sandbox.invoices.has('inv_s3'), 'the item after the failure was not run');
		});
	});

	describe('checks before any request', () => {
		// Literal empty required fields never reach the node (n8n refuses them, tested below); an
		// expression that resolves to nothing does, and the node refuses it itself.
		const nothing = '={{ $json.missing }}';
		const refused: Array<[string, Record<string, unknown>, RegExp]> = [
			['a blank invoice id', { operation: 'void', invoiceId: '  ' }, /"Invoice ID" is empty/],
			['a blank customer UUID', { operation: 'deleteAllForCustomer', dataSourceUuid: DS, customerUuid: ' ' }, /"Customer UUID" is empty/],
			['a customer UUID that resolves to nothing', { operation: 'deleteAllForCustomer', dataSourceUuid: DS, customerUuid: nothing }, /"Customer UUID" is empty/],
			['a data source that resolves to nothing for Delete All', { operation: 'deleteAllForCustomer', dataSourceUuid: nothing, customerUuid: 'cus_a' }, /"Data Source UUID" is empty/],
			['a data source that resolves to nothing for an external ID (delete)', { operation: 'delete', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: nothing }, /"Data Source UUID" is empty/],
			['a blank data source for an external ID (void)', { operation: 'void', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: '   ' }, /"Data Source UUID" is empty/],
			['a data source that resolves to nothing for an external ID (write off)', { operation: 'writeOff', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: nothing }, /"Data Source UUID" is empty/],
			['a data source that resolves to nothing for an external ID (get)', { operation: 'get', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: nothing }, /"Data Source UUID" is empty/],
			['a data source of ".."', { operation: 'void', invoiceId: 'x', invoiceIdType: 'externalId', dataSourceUuid: '..' }, /"Data Source UUID" cannot be "\.\."/],
			['an invoice id of ".."', { operation: 'delete', invoiceId: '..' }, /"Invoice ID" cannot be "\.\."/],
			['an unknown invoice ID type', { operation: 'get', invoiceId: 'x', invoiceIdType: 'number' }, /"Invoice ID Type" must be "uuid" or "externalId"/],
		];
		for (const [name, parameters, message] of refused) {
			it(`refuses ${name}`, async () => {
				sandbox.addInvoice({ uuid: 'x', external_id: 'x', customer_uuid: 'cus_a' });
				const result = await run(parameters);
				assert.ok(result.error, 'the node fails');
				assert.match(result.error.message, message);
				assert.equal(sandbox.requests.length, 0);
			});
		}

		it('checks before a dry run too', async () => {
			const result = await run({ operation: 'deleteAllForCustomer', dataSourceUuid: DS, customerUuid: nothing, options: { dryRun: true } });
			assert.match(result.error!.message, /"Customer UUID" is empty/);
		});

		for (const [name, parameters, field] of [
			['Data Source UUID for an external ID', { operation: 'void', invoiceId: 'x', invoiceIdType: 'externalId' }, 'Data Source UUID'],
			['Data Source UUID for Delete All', { operation: 'deleteAllForCustomer', customerUuid: 'cus_a' }, 'Data Source UUID'],
			['Customer UUID', { operation: 'deleteAllForCustomer', dataSourceUuid: DS }, 'Customer UUID'],
		] as const) {
			it(`lets n8n itself refuse a literal empty ${name} (required parameter)`, async () => {
				await assert.rejects(run(parameters), new RegExp(`Parameter "${field}" is required`));
				assert.equal(sandbox.requests.length, 0);
			});
		}

		it('does not ask for a data source with ChartMogul UUIDs', async () => {
			sandbox.addInvoice({ uuid: 'inv_nods' });
			const result = await run({ operation: 'get', invoiceId: 'inv_nods', invoiceIdType: 'uuid' });
			assert.equal(result.items[0].json.outcome, 'fetched');
		});
	});

	it('runs 25 items in one run, each output paired with its input, in order', async () => {
		const ids = Array.from({ length: 25 }, (_, index) => `cb_bulk_${index}`);
		ids.forEach((id, index) => sandbox.addInvoice({ uuid: `inv_bulk_${index}`, external_id: id }));
		const result = await run(
			{ operation: 'writeOff', invoiceId: '={{ $json.id }}', ...byExternalId },
			{ items: ids.map((id) => ({ id })) },
		);

		assertPairedInOrder(result, 25);
		result.items.forEach((item, index) => {
			assert.equal(item.json.invoiceId, ids[index]);
			assert.equal(item.json.externalId, ids[index]);
			assert.equal(item.json.outcome, 'written_off');
		});
		assert.equal(sandbox.statusChanges.length, 25);
		assert.deepEqual(new Set(sandbox.statusChanges.map(({ uuid }) => uuid)).size, 25, 'each invoice changed exactly once');
	});

	it('runs 20 UUID voids, each with its own lookup, paired in order', async () => {
		const uuids = Array.from({ length: 20 }, (_, index) => `inv_u${index}`);
		uuids.forEach((uuid) => sandbox.addInvoice({ uuid, external_id: `ext_${uuid}` }));
		const result = await run({ operation: 'void', invoiceId: '={{ $json.uuid }}' }, { items: uuids.map((uuid) => ({ uuid })) });

		assertPairedInOrder(result, 20);
		result.items.forEach((item, index) => {
			assert.equal(item.json.invoiceUuid, uuids[index]);
			assert.equal(item.json.externalId, `ext_${uuids[index]}`);
			assert.equal(item.json.attempts, 2);
		});
		assert.equal(sandbox.requests.length, 40);
	});
});
