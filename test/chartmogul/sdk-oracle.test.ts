import { Config, Customer, Invoice, Ping } from 'chartmogul-node';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { testCredential } from '../harness/credential-test';
import { runNode } from '../harness/engine';
import { Sandbox, type RecordedRequest, type SandboxReply } from '../sandbox/server';

const API_KEY = 'example_cm_key_58';

/** What a UUID lookup answers: the ids the status change needs. */
const LOOKED_UP = { uuid: 'inv_1', external_id: 'cb_1', data_source_uuid: 'ds_1', customer_uuid: 'cus_1', status: 'open' };

/** A customer whose list of invoices is empty, so a dry run of Delete All also reads the customer. */
const CUSTOMER_WITHOUT_INVOICES = 'cus_empty';

const CUSTOMER_WITH_PAGES = 'cus_paged';

/** Plausible ChartMogul answers, whatever the ids: 204 for deletes, the invoice for reads. */
function reply(request: RecordedRequest): SandboxReply {
	if (request.method === 'DELETE') return { status: 204 };
	if (request.method === 'PUT') return { status: 200, body: { message: 'Invoice updated' } };
	// The invoice in its new state, under the id it was named by (path or query).
	if (request.method === 'PATCH') {
		const named = request.segments.length === 4 ? { uuid: request.segments[2] } : { external_id: request.query.external_id };
		return { status: 200, body: { ...LOOKED_UP, ...named, disabled: (request.body as { disabled?: unknown }).disabled } };
	}
	if (request.segments[1] === 'ping') return { status: 200, body: { data: 'pong!' } };
	if (request.segments.length === 2) {
		const invoices = request.query.customer_uuid === CUSTOMER_WITHOUT_INVOICES ? [] : [LOOKED_UP];
		// A customer with a second page, for the cursor of Get Many.
		if (request.query.customer_uuid === CUSTOMER_WITH_PAGES && !request.query.cursor) {
			return { status: 200, body: { invoices, cursor: 'cursor_page_2', has_more: true } };
		}
		return { status: 200, body: { invoices, cursor: null, has_more: false } };
	}
	return { status: 200, body: LOOKED_UP };
}

/** What both clients must agree on; User-Agent, Content-Length and the like are client details. */
function essentials(request: RecordedRequest) {
	return {
		method: request.method,
		path: request.rawPath,
		query: request.query,
		body: request.body,
		authorization: request.headers.authorization,
	};
}

describe('ChartMogul: the node sends what the official SDK (chartmogul-node) sends', () => {
	let recorder: Sandbox;
	let config: Config;

	before(async () => {
		recorder = await Sandbox.start(reply);
		// The SDK's second argument is its base URL; it retries 20 times unless told otherwise.
		config = new Config(API_KEY, recorder.url);
		config.retries = 0;
	});
	after(async () => await recorder.close());
	beforeEach(() => {
		recorder.requests.length = 0;
	});

	const drain = () => recorder.requests.splice(0).map(essentials);

	const viaNode = async (parameters: Record<string, unknown>) => {
		const result = await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChartMogulApi: { apiKey: API_KEY, baseUrl: recorder.url } },
		});
		assert.equal(result.error, undefined, result.error?.message);
		return drain();
	};
	const viaSdk = async (...calls: Array<() => Promise<unknown>>) => {
		for (const call of calls) await call();
		return drain();
	};

	const externalId = { invoiceIdType: 'externalId', dataSourceUuid: 'ds_1' };

	const cases: Array<[string, Record<string, unknown>, Array<() => Promise<unknown>>]> = [
		['delete by UUID (Invoice.destroy)', { operation: 'delete', invoiceId: 'inv_1' }, [() => Invoice.destroy(config, 'inv_1')]],
		[
			'delete by external ID (Invoice.destroyByExternalId)',
			{ operation: 'delete', invoiceId: 'cb_1', ...externalId },
			[() => Invoice.destroyByExternalId(config, { qs: { data_source_uuid: 'ds_1', external_id: 'cb_1' } })],
		],
		[
			'delete all of a customer (Invoice.destroyAll)',
			{ operation: 'deleteAllForCustomer', dataSourceUuid: 'ds_1', customerUuid: 'cus_1' },
			[() => Invoice.destroyAll(config, 'ds_1', 'cus_1')],
		],
		[
			'void by external ID (Invoice.updateStatus)',
			{ operation: 'void', invoiceId: 'cb_1', ...externalId },
			[() => Invoice.updateStatus(config, 'ds_1', 'cb_1', { status: 'voided' })],
		],
		[
			'write off by external ID, handled as a user edit (Invoice.updateStatus with qs)',
			{ operation: 'writeOff', invoiceId: 'cb_1', ...externalId, handleAsUserEdit: true },
			[() => Invoice.updateStatus(config, 'ds_1', 'cb_1', { qs: { handle_as_user_edit: true }, status: 'written_off' })],
		],
		[
			'void by UUID: the SDK has no UUID variant, so Invoice.retrieve then Invoice.updateStatus',
			{ operation: 'void', invoiceId: 'inv_1' },
			[() => Invoice.retrieve(config, 'inv_1'), () => Invoice.updateStatus(config, 'ds_1', 'cb_1', { status: 'voided' })],
		],
		[
			'write off by UUID, handled as a user edit: Invoice.retrieve then Invoice.updateStatus',
			{ operation: 'writeOff', invoiceId: 'inv_1', handleAsUserEdit: true },
			[
				() => Invoice.retrieve(config, 'inv_1'),
				() => Invoice.updateStatus(config, 'ds_1', 'cb_1', { qs: { handle_as_user_edit: true }, status: 'written_off' }),
			],
		],
		['disable by UUID (Invoice.disable)', { operation: 'disable', invoiceId: 'inv_1' }, [() => Invoice.disable(config, 'inv_1')]],
		['enable by UUID (Invoice.enable)', { operation: 'enable', invoiceId: 'inv_1' }, [() => Invoice.enable(config, 'inv_1')]],
		[
			'disable by external ID, one request (Invoice.disableByExternalId)',
			{ operation: 'disable', invoiceId: 'cb_1', ...externalId },
			[() => Invoice.disableByExternalId(config, { data_source_uuid: 'ds_1', external_id: 'cb_1' })],
		],
		[
			'enable by external ID, one request (Invoice.enableByExternalId)',
			{ operation: 'enable', invoiceId: 'cb_1', ...externalId },
			[() => Invoice.enableByExternalId(config, { data_source_uuid: 'ds_1', external_id: 'cb_1' })],
		],
		[
			'dry run of disable by UUID: only Invoice.retrieve with with_disabled',
			{ operation: 'disable', invoiceId: 'inv_1', options: { dryRun: true } },
			[() => Invoice.retrieve(config, 'inv_1', { with_disabled: true })],
		],
		[
			'dry run of enable by external ID: only Invoice.all with data_source_uuid, external_id and with_disabled',
			{ operation: 'enable', invoiceId: 'cb_1', ...externalId, options: { dryRun: true } },
			[() => Invoice.all(config, { data_source_uuid: 'ds_1', external_id: 'cb_1', with_disabled: true })],
		],
		[
			'get many with disabled invoices (Invoice.all with with_disabled)',
			{ operation: 'getAll', limit: 20, filters: { withDisabled: true } },
			[() => Invoice.all(config, { with_disabled: true, per_page: 20 })],
		],
		['get by UUID (Invoice.retrieve)', { operation: 'get', invoiceId: 'inv_1' }, [() => Invoice.retrieve(config, 'inv_1')]],
		[
			'get by external ID (Invoice.all with data_source_uuid and external_id)',
			{ operation: 'get', invoiceId: 'cb_1', ...externalId },
			[() => Invoice.all(config, { data_source_uuid: 'ds_1', external_id: 'cb_1' })],
		],
		[
			'get many with every filter (Invoice.all with per_page)',
			{ operation: 'getAll', limit: 20, filters: { customerUuid: 'cus_1', dataSourceUuid: 'ds_1', externalId: 'cb 1' } },
			[() => Invoice.all(config, { customer_uuid: 'cus_1', data_source_uuid: 'ds_1', external_id: 'cb 1', per_page: 20 })],
		],
		[
			'get many, Return All over two pages (Invoice.all, then Invoice.all with cursor)',
			{ operation: 'getAll', returnAll: true, filters: { customerUuid: CUSTOMER_WITH_PAGES } },
			[
				() => Invoice.all(config, { customer_uuid: CUSTOMER_WITH_PAGES, per_page: 200 }),
				() => Invoice.all(config, { customer_uuid: CUSTOMER_WITH_PAGES, per_page: 200, cursor: 'cursor_page_2' }),
			],
		],
		[
			'dry run of void by UUID: only Invoice.retrieve',
			{ operation: 'void', invoiceId: 'inv_1', options: { dryRun: true } },
			[() => Invoice.retrieve(config, 'inv_1')],
		],
		[
			'dry run of delete by external ID: only Invoice.all with data_source_uuid and external_id',
			{ operation: 'delete', invoiceId: 'cb_1', ...externalId, options: { dryRun: true } },
			[() => Invoice.all(config, { data_source_uuid: 'ds_1', external_id: 'cb_1' })],
		],
		[
			'dry run of delete all: Invoice.all with data_source_uuid, customer_uuid and per_page 200',
			{ operation: 'deleteAllForCustomer', dataSourceUuid: 'ds_1', customerUuid: 'cus_1', options: { dryRun: true } },
			[() => Invoice.all(config, { data_source_uuid: 'ds_1', customer_uuid: 'cus_1', per_page: 200 })],
		],
		[
			'dry run of delete all for a customer without invoices: Invoice.all, then Customer.retrieve',
			{
				operation: 'deleteAllForCustomer',
				dataSourceUuid: 'ds_1',
				customerUuid: CUSTOMER_WITHOUT_INVOICES,
				options: { dryRun: true },
			},
			[
				() => Invoice.all(config, { data_source_uuid: 'ds_1', customer_uuid: CUSTOMER_WITHOUT_INVOICES, per_page: 200 }),
				() => Customer.retrieve(config, CUSTOMER_WITHOUT_INVOICES),
			],
		],
	];

	for (const [name, parameters, sdkCalls] of cases) {
		it(name, async () => {
			const fromSdk = await viaSdk(...sdkCalls);
			const fromNode = await viaNode(parameters);
			assert.ok(fromSdk.length > 0);
			assert.deepEqual(fromNode, fromSdk);
		});
	}

	// Ids with a slash, a space and unicode: both clients keep each one a single encoded segment.
	const awkward = 'INV/1 ü';
	const awkwardCases: Array<[string, Record<string, unknown>, () => Promise<unknown>]> = [
		['delete by UUID', { operation: 'delete', invoiceId: awkward }, () => Invoice.destroy(config, awkward)],
		[
			'void by external ID',
			{ operation: 'void', invoiceId: awkward, ...externalId },
			() => Invoice.updateStatus(config, 'ds_1', awkward, { status: 'voided' }),
		],
		[
			'delete all of a customer',
			{ operation: 'deleteAllForCustomer', dataSourceUuid: awkward, customerUuid: awkward },
			() => Invoice.destroyAll(config, awkward, awkward),
		],
		['disable by UUID', { operation: 'disable', invoiceId: awkward }, () => Invoice.disable(config, awkward)],
		[
			'enable by external ID (in the query)',
			{ operation: 'enable', invoiceId: awkward, ...externalId },
			() => Invoice.enableByExternalId(config, { data_source_uuid: 'ds_1', external_id: awkward }),
		],
		[
			'delete by external ID (in the query)',
			{ operation: 'delete', invoiceId: awkward, ...externalId },
			() => Invoice.destroyByExternalId(config, { qs: { data_source_uuid: 'ds_1', external_id: awkward } }),
		],
	];
	for (const [name, parameters, sdkCall] of awkwardCases) {
		it(`${name} with an id holding a slash, a space and unicode`, async () => {
			const fromSdk = await viaSdk(sdkCall);
			const fromNode = await viaNode(parameters);
			assert.ok(!fromNode[0].path.includes('INV/1'), 'the slash is encoded');
			assert.deepEqual(fromNode, fromSdk);
		});
	}

	it('the credential test sends what Ping.ping sends', async () => {
		const fromSdk = await viaSdk(() => Ping.ping(config));
		const outcome = await testCredential('invoiceOpsChartMogulApi', { apiKey: API_KEY, baseUrl: recorder.url });
		assert.equal(outcome.status, 'OK');
		assert.deepEqual(drain(), fromSdk);
	});

	it('both send the key as Basic auth with an empty password', async () => {
		const expected = `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`;
		const [fromSdk] = await viaSdk(() => Invoice.retrieve(config, 'inv_1'));
		const [fromNode] = await viaNode({ operation: 'get', invoiceId: 'inv_1' });
		assert.equal(fromSdk.authorization, expected);
		assert.equal(fromNode.authorization, expected);
	});
});
