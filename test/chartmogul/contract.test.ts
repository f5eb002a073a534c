import { assert } from '../harness/node';
import { describe, it } from '../harness/runner';

import type { INodeProperties } from 'n8n-workflow';

import { InvoiceOpsChartMogulApi } from '../../credentials/InvoiceOpsChartMogulApi.credentials';
import { ChartMogul } from '../../nodes/ChartMogul/ChartMogul.node';
import { readChartMogulError } from '../../nodes/ChartMogul/provider';
import { credentialTypes, nodeTypes } from '../harness/package';

const { description } = new ChartMogul();
const named = (name: string) => description.properties.filter((property) => property.name === name);
const shownFor = (property: INodeProperties) => property.displayOptions?.show ?? {};

describe('ChartMogul node and credential: the contract\'s names', () => {
	it('is listed in package.json under its contract names', () => {
		assert.ok(nodeTypes().has('n8n-nodes-invoice-ops.chartMogul'));
		assert.ok(credentialTypes().some((type) => type.name === 'invoiceOpsChartMogulApi'));
	});

	it('offers exactly the contract\'s operations on the invoice resource', () => {
		const [operation] = named('operation');
		const values = (operation.options as Array<{ value: string }>).map(({ value }) => value).sort();
		assert.deepEqual(values, ['delete', 'deleteAllForCustomer', 'disable', 'enable', 'get', 'getAll', 'void', 'writeOff']);
		assert.deepEqual((named('resource')[0].options as Array<{ value: string }>).map(({ value }) => value), ['invoice']);
	});

	it('shows invoiceId and invoiceIdType for every operation but Delete All of a Customer', () => {
		for (const name of ['invoiceId', 'invoiceIdType']) {
			const [property] = named(name);
			assert.deepEqual([...(shownFor(property).operation as string[])].sort(), ['delete', 'disable', 'enable', 'get', 'void', 'writeOff'], name);
		}
		assert.equal(named('invoiceIdType')[0].default, 'uuid');
	});

	it('asks for dataSourceUuid with external IDs and for Delete All, customerUuid only for Delete All: strings on version 1, pickers after', () => {
		const onVersion1 = (property: INodeProperties) => (shownFor(property)['@version'] as number[] | undefined)?.join() === '1';
		for (const [version, type] of [[true, 'string'], [false, 'resourceLocator']] as const) {
			const ofVersion = (name: string) => named(name).filter((property) => onVersion1(property) === version);
			const dataSources = ofVersion('dataSourceUuid');
			assert.equal(dataSources.length, 2);
			assert.ok(dataSources.every((property) => property.type === type));
			assert.ok(dataSources.map(shownFor).some((show) => (show.invoiceIdType as string[] | undefined)?.join() === 'externalId'));
			assert.ok(dataSources.map(shownFor).some((show) => (show.operation as string[]).join() === 'deleteAllForCustomer'));
			assert.deepEqual(ofVersion('customerUuid').map((property) => [property.type, shownFor(property).operation]), [[type, ['deleteAllForCustomer']]]);
		}
	});

	it('offers handleAsUserEdit (default off) on Void and Write Off only, and Dry Run on the writes', () => {
		const operations = named('handleAsUserEdit').flatMap((property) => shownFor(property).operation as string[]);
		assert.deepEqual(operations.sort(), ['void', 'writeOff']);
		assert.ok(named('handleAsUserEdit').every((property) => property.default === false));
		const dryRun = (named('options')[0].options as INodeProperties[]).find((option) => option.name === 'dryRun');
		assert.deepEqual([...(dryRun!.displayOptions!.show!['/operation'] as string[])].sort(), [
			'delete',
			'deleteAllForCustomer',
			'disable',
			'enable',
			'void',
			'writeOff',
		]);
	});

	it('says the writes are irreversible, Get and Dry Run are safe, and a resync may restore a deletion', () => {
		assert.equal(description.usableAsTool, true);
		assert.match(description.description, /irreversible/);
		assert.match(description.description, /Get or Dry Run first/);
		assert.match(description.description, /restore a deleted invoice on resync/);
		assert.match(description.description, /Disable keeps it out of the metrics through resyncs/);
		const [operation] = named('operation');
		assert.equal(
			operation.description,
			'What to do. Delete, Delete All of a Customer, Void and Write Off cannot be undone (try Dry Run first); Disable and Enable undo each other; Get and Get Many only read',
		);
		const actions = Object.fromEntries((operation.options as Array<{ value: string; action: string; description: string }>).map((option) => [option.value, option]));
		assert.equal(actions.disable.action, 'Disable an invoice');
		assert.equal(actions.enable.action, 'Enable an invoice');
		assert.match(actions.disable.description, /^Reversible: take an invoice out of the metrics.*lasts through resyncs/);
		assert.match(actions.enable.description, /^Reversible: .*undoing Disable/);
		const notices = description.properties.filter((property) => property.type === 'notice');
		assert.ok(notices.some((notice) => /EVERY invoice of this customer/.test(notice.displayName)));
	});

	it('does not clash with n8n\'s or the official ChartMogul package\'s names', () => {
		const credential = new InvoiceOpsChartMogulApi();
		assert.notEqual(description.displayName, 'ChartMogul');
		assert.notEqual(credential.name, 'chartMogulApi');
		assert.equal(credential.displayName, 'ChartMogul (Invoice Ops) API');
		assert.deepEqual(credential.properties.map(({ name }) => name), ['apiKey', 'baseUrl']);
		assert.equal(credential.properties[0].typeOptions?.password, true);
		assert.equal(credential.properties[1].default, 'https://api.chartmogul.com');
	});
});

describe('ChartMogul error bodies (no fixed schema)', () => {
	const cases: Array<[string, unknown, number, { reason: string; code?: string | number }]> = [
		['401 {code, message, param}', { code: 401, message: 'No valid API key provided', param: null }, 401, { reason: 'No valid API key provided', code: 401 }],
		[
			'404 {error, error_details}',
			{ error: 'Invoice not found', error_details: [{ param: 'invoice', code: 'invalid', message: 'Invoice not found' }] },
			404,
			{ reason: 'Invoice not found', code: 'invalid' },
		],
		['422 {message}', { message: 'Invalid status' }, 422, { reason: 'Invalid status', code: undefined }],
		[
			'only error_details',
			{ error_details: [{ message: 'external_id is missing' }, { message: 'date is invalid' }] },
			400,
			{ reason: 'external_id is missing; date is invalid', code: undefined },
		],
		[
			'a message with details that add something',
			{ message: 'Validation failed', error_details: [{ code: 'blank', message: 'status is blank' }] },
			422,
			{ reason: 'Validation failed; status is blank', code: 'blank' },
		],
		['a list of messages', { message: ['a is wrong', 'b is wrong'] }, 400, { reason: 'a is wrong; b is wrong', code: undefined }],
		['a plain-text body', '<html>Bad Gateway</html>', 502, { reason: '<html>Bad Gateway</html>' }],
		['no body', null, 503, { reason: 'HTTP 503', code: undefined }],
	];
	for (const [name, body, status, expected] of cases) {
		it(`reads ${name}`, () => {
			assert.deepEqual(readChartMogulError(body, status), expected);
		});
	}

	it('quotes at most 300 characters of a plain-text body', () => {
		assert.equal(readChartMogulError('x'.repeat(5000), 502).reason.length, 300);
	});
});
