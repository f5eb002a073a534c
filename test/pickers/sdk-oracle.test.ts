/**
 * The pickers' list requests equal the official SDKs' (method, path, query, auth and the
 * provider's own headers): chargebee `invoice.list`, chartmogul-node `Invoice.all`,
 * `DataSource.all`, `Customer.all` and `Customer.search`, @gohighlevel/api-client
 * `invoices.listInvoices`.
 */
import Chargebee from 'chargebee';
import { Config, Customer, DataSource, Invoice } from 'chartmogul-node';
import { HighLevel } from '@gohighlevel/api-client';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { listSearch } from '../harness/list-search';
import { HighLevelSandbox } from '../sandbox/highlevel';
import { Sandbox, type RecordedRequest } from '../sandbox/server';

function essentials(request: RecordedRequest) {
	const chargebeeHeaders = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('chargebee-')));
	return {
		method: request.method,
		path: request.rawPath,
		query: request.query,
		authorization: request.headers.authorization,
		version: request.headers.version,
		chargebeeHeaders,
	};
}

describe('Chargebee invoice picker sends what invoice.list sends', () => {
	const ORACLE_CREDENTIAL = 'test_oracle_picker_1';
	let recorder: Sandbox;
	let sdk: Chargebee;
	before(async () => {
		recorder = await Sandbox.start(() => ({ status: 200, body: { list: [], next_offset: '["50"]' } }));
		const { port } = new URL(recorder.url);
		sdk = new Chargebee({ site: '127', hostSuffix: '.0.0.1', protocol: 'http', port: Number(port), apiKey: ORACLE_CREDENTIAL } as never);
	});
	after(async () => await recorder.close());
	beforeEach(() => {
		recorder.requests.length = 0;
	});

	const viaPicker = async (filter?: string, paginationToken?: string, options: Record<string, unknown> = {}) => {
		await listSearch({
			node: 'chargebee',
			method: 'searchInvoices',
			parameters: { resource: 'invoice', operation: 'void', options: options as never },
			credentials: { invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: ORACLE_CREDENTIAL, baseUrl: recorder.url } },
			filter,
			paginationToken,
		});
		return essentials(recorder.requests.pop()!);
	};
	const viaSdk = async (call: () => Promise<unknown>) => {
		await call();
		return essentials(recorder.requests.pop()!);
	};

	it('the first page, searched by id, with the business entity header', async () => {
		const fromSdk = await viaSdk(() => sdk.invoice.list({ limit: 50, id: { starts_with: 'inv_2026' } } as never, { 'chargebee-business-entity-id': 'be_1' }));
		assert.deepEqual(await viaPicker('inv_2026', undefined, { businessEntityId: 'be_1' }), fromSdk);
	});

	it('the next page with the offset Chargebee gave', async () => {
		const fromSdk = await viaSdk(() => sdk.invoice.list({ limit: 50, offset: '["50"]' }));
		assert.deepEqual(await viaPicker(undefined, JSON.stringify('["50"]')), fromSdk);
	});
});

describe('ChartMogul pickers send what chartmogul-node sends', () => {
	const KEY = 'example_cm_picker_key';
	let recorder: Sandbox;
	let config: Config;
	before(async () => {
		recorder = await Sandbox.start(({ segments }) => {
			if (segments[1] === 'data_sources') return { status: 200, body: { data_sources: [] } };
			if (segments[1] === 'customers') return { status: 200, body: { entries: [], has_more: false, cursor: null } };
			return { status: 200, body: { invoices: [], has_more: false, cursor: null } };
		});
		config = new Config(KEY, recorder.url);
		config.retries = 0;
	});
	after(async () => await recorder.close());
	beforeEach(() => {
		recorder.requests.length = 0;
	});

	const viaPicker = async (method: string, parameters: Record<string, unknown>, filter?: string, paginationToken?: string) => {
		await listSearch({
			node: 'chartMogul',
			method,
			parameters: { resource: 'invoice', ...parameters },
			credentials: { invoiceOpsChartMogulApi: { apiKey: KEY, baseUrl: recorder.url } },
			filter,
			paginationToken,
		});
		return essentials(recorder.requests.pop()!);
	};
	const viaSdk = async (call: () => Promise<unknown>) => {
		await call();
		return essentials(recorder.requests.pop()!);
	};
	const picked = (value: string) => ({ __rl: true, mode: 'list', value });

	it('data sources: DataSource.all', async () => {
		const fromSdk = await viaSdk(() => DataSource.all(config));
		assert.deepEqual(await viaPicker('searchDataSources', { operation: 'deleteAllForCustomer' }), fromSdk);
	});

	it('customers of a data source, next page: Customer.all', async () => {
		const fromSdk = await viaSdk(() => Customer.all(config, { data_source_uuid: 'ds_1', per_page: 50, cursor: 'c2' }));
		assert.deepEqual(await viaPicker('searchCustomers', { operation: 'deleteAllForCustomer', dataSourceUuid: picked('ds_1') }, undefined, '"c2"'), fromSdk);
	});

	it('customers by email: Customer.search', async () => {
		const fromSdk = await viaSdk(() => Customer.search(config, { email: 'ada@example.com', per_page: 50 }));
		assert.deepEqual(await viaPicker('searchCustomers', { operation: 'deleteAllForCustomer' }, 'ada@example.com'), fromSdk);
	});

	it('invoices of a data source by external id: Invoice.all', async () => {
		const fromSdk = await viaSdk(() => Invoice.all(config, { data_source_uuid: 'ds_1', per_page: 50 }));
		assert.deepEqual(await viaPicker('searchInvoices', { operation: 'get', invoiceIdType: 'externalId', dataSourceUuid: picked('ds_1') }), fromSdk);
	});
});

describe('HighLevel invoice picker sends what invoices.listInvoices sends', () => {
	const TOKEN = 'pit-oracle-picker';
	let sandbox: HighLevelSandbox;
	let sdk: HighLevel;
	before(async () => {
		sandbox = await HighLevelSandbox.start();
		sdk = new HighLevel({ privateIntegrationToken: TOKEN, apiVersion: '2021-07-28', logLevel: 'error' });
		sdk.getHttpClient().defaults.baseURL = sandbox.url;
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set(TOKEN, 'loc_1');
		sandbox.seedInvoices('loc_1', 120);
	});

	it('searched, second page', async () => {
		await sdk.invoices.listInvoices({ altId: 'loc_1', altType: 'location', search: 'Invoice', limit: '50', offset: '50' });
		await listSearch({
			node: 'highLevel',
			method: 'searchInvoices',
			parameters: { resource: 'invoice', operation: 'void', authentication: 'privateIntegrationToken', altId: '', altType: 'location' },
			credentials: { invoiceOpsHighLevelApi: { privateIntegrationToken: TOKEN, locationId: 'loc_1', baseUrl: sandbox.url } },
			filter: 'Invoice',
			paginationToken: '50',
		});
		const [fromSdk, fromPicker] = sandbox.requests.map(essentials);
		assert.deepEqual(fromPicker, fromSdk);
	});
});
