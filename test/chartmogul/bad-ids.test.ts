import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { HOSTILE_IDS, REFUSED_IDS } from '../harness/bad-ids';
import { runNode } from '../harness/engine';
import { ChartMogulSandbox } from '../sandbox/chartmogul';

const DS = 'ds_chargebee';

/** What the sandbox saw of one request: method, decoded path segments and query. */
interface Seen {
	method: string;
	segments: string[];
	query: Record<string, string>;
}

describe('ChartMogul: an external id, data source or customer never steers a request off its invoice', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	/** Every id comes from the item through an expression, as from a webhook. */
	const run = (parameters: Record<string, unknown>, item: Record<string, string>) =>
		runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials() },
			items: [item],
			continueOnFail: true,
		});

	const seen = (): Seen[] => sandbox.requests.map(({ method, segments, query }) => ({ method, segments, query }));

	const statusPath = (dataSource: string, externalId: string) => ['v1', 'data_sources', dataSource, 'invoices', externalId, 'status'];

	for (const [label, id] of HOSTILE_IDS) {
		describe(`with ${label}`, () => {
			// By ChartMogul UUID: test/conformance (every provider's hostile ids).
			const byExternal: Array<[string, Seen]> = [
				['delete', { method: 'DELETE', segments: ['v1', 'invoices'], query: { data_source_uuid: DS, external_id: id } }],
				['get', { method: 'GET', segments: ['v1', 'invoices'], query: { data_source_uuid: DS, external_id: id } }],
				['void', { method: 'PUT', segments: statusPath(DS, id), query: {} }],
				['writeOff', { method: 'PUT', segments: statusPath(DS, id), query: {} }],
			];
			for (const [operation, expected] of byExternal) {
				it(`${operation} by external ID keeps the id whole, in ${expected.method === 'PUT' ? 'the status path' : 'the query'}`, async () => {
					sandbox.addInvoice({ uuid: 'inv_1', external_id: id });
					const result = await run(
						{ operation, invoiceIdType: 'externalId', dataSourceUuid: DS, invoiceId: '={{ $json.id }}' },
						{ id },
					);

					assert.deepEqual(seen(), [expected]);
					assert.equal(result.items[0].json.success, true, 'the sandbox found the invoice under that exact external id');
					assert.equal(result.items[0].json.externalId, id);
				});
			}

			for (const [operation, disabled] of [['disable', false], ['enable', true]] as const) {
				it(`${operation} by external ID keeps the id whole in the query of the one request`, async () => {
					sandbox.addInvoice({ uuid: 'inv_1', external_id: id, disabled });
					const result = await run(
						{ operation, invoiceIdType: 'externalId', dataSourceUuid: DS, invoiceId: '={{ $json.id }}' },
						{ id },
					);

					assert.deepEqual(seen(), [{ method: 'PATCH', segments: ['v1', 'invoices', 'disabled_state'], query: { data_source_uuid: DS, external_id: id } }]);
					assert.equal(result.items[0].json.success, true, 'the sandbox found the invoice under that exact external id');
					assert.equal(sandbox.invoices.get('inv_1')!.disabled, !disabled);
				});

				it(`${operation} by external ID, dry: the read keeps the id whole in the query`, async () => {
					sandbox.addInvoice({ uuid: 'inv_1', external_id: id, disabled });
					const result = await run(
						{ operation, invoiceIdType: 'externalId', dataSourceUuid: DS, invoiceId: '={{ $json.id }}', options: { dryRun: true } },
						{ id },
					);

					assert.deepEqual(seen(), [{ method: 'GET', segments: ['v1', 'invoices'], query: { data_source_uuid: DS, external_id: id, with_disabled: 'true' } }]);
					assert.equal(result.items[0].json.outcome, `would_${operation}`);
				});
			}

			it('as a data source of Disable by external ID, stays a value of the query', async () => {
				sandbox.addInvoice({ uuid: 'inv_1', external_id: 'cb_1', data_source_uuid: id });
				const result = await run(
					{ operation: 'disable', invoiceIdType: 'externalId', dataSourceUuid: '={{ $json.ds }}', invoiceId: 'cb_1' },
					{ ds: id },
				);

				assert.deepEqual(seen(), [{ method: 'PATCH', segments: ['v1', 'invoices', 'disabled_state'], query: { data_source_uuid: id, external_id: 'cb_1' } }]);
				assert.equal(result.items[0].json.success, true);
			});

			it('as a data source of an external ID, stays one segment of the status path', async () => {
				sandbox.addInvoice({ uuid: 'inv_1', external_id: 'cb_1', data_source_uuid: id });
				const result = await run(
					{ operation: 'void', invoiceIdType: 'externalId', dataSourceUuid: '={{ $json.ds }}', invoiceId: 'cb_1' },
					{ ds: id },
				);

				assert.deepEqual(seen(), [{ method: 'PUT', segments: statusPath(id, 'cb_1'), query: {} }]);
				assert.equal(result.items[0].json.success, true);
			});

			it('as data source and customer of Delete All, stays within that customer\'s invoices', async () => {
				sandbox.addInvoice({ uuid: 'inv_1', data_source_uuid: id, customer_uuid: id });
				sandbox.addInvoice({ uuid: 'inv_bystander', customer_uuid: 'cus_other' });
				const result = await run(
					{ operation: 'deleteAllForCustomer', dataSourceUuid: '={{ $json.id }}', customerUuid: '={{ $json.id }}' },
					{ id },
				);

				assert.deepEqual(seen(), [
					{ method: 'DELETE', segments: ['v1', 'data_sources', id, 'customers', id, 'invoices'], query: {} },
				]);
				assert.equal(result.items[0].json.success, true);
				assert.deepEqual(sandbox.deleted, ['inv_1']);
			});
		});
	}

	for (const [label, id, message] of REFUSED_IDS) {
		for (const [operation, invoiceIdType] of [['void', 'uuid'], ['void', 'externalId'], ['disable', 'externalId'], ['enable', 'externalId']]) {
			it(`refuses ${label} (${operation}, ${invoiceIdType}) before any request`, async () => {
				const result = await run(
					{ operation, invoiceIdType, dataSourceUuid: DS, invoiceId: '={{ $json.id }}' },
					{ id },
				);

				assert.equal(sandbox.requests.length, 0);
				assert.equal(result.items[0].json.success, false);
				assert.match((result.items[0].json.error as { message: string }).message, message);
			});
		}
	}
});
