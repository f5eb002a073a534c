/**
 * Node version 1 and version 2 side by side. A workflow exported from the editor before the
 * pickers (every node on version 1, ids as plain strings) runs unchanged in the engine; version
 * 2 reads its locators in every mode: From List and By ID (an expression such as
 * {{ $json.id }} included) through n8n's extractValue, By URL from Chargebee's invoice URL, a
 * URL of another form or another site refused before any request, naming the form expected.
 */
import { assert, join, nodeProcess, readFileSync } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { nodeTypes } from '../harness/package';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { ChartMogulSandbox } from '../sandbox/chartmogul';
import { FatoraSandbox } from '../sandbox/fatora';
import { HighLevelSandbox } from '../sandbox/highlevel';

interface SavedNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
}

const saved = JSON.parse(readFileSync(join(nodeProcess.cwd(), 'test', 'pickers', 'fixtures', 'saved-on-main-v1.json'), 'utf8')) as { nodes: SavedNode[] };
const savedNode = (name: string) => saved.nodes.find((node) => node.name === name)!;

const list = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });

describe('node versions', () => {
	let chargebee: ChargebeeSandbox;
	let chartMogul: ChartMogulSandbox;
	let highLevel: HighLevelSandbox;
	let fatora: FatoraSandbox;
	before(async () => {
		[chargebee, chartMogul, highLevel, fatora] = await Promise.all([ChargebeeSandbox.start(), ChartMogulSandbox.start(), HighLevelSandbox.start(), FatoraSandbox.start()]);
	});
	after(async () => await Promise.all([chargebee.close(), chartMogul.close(), highLevel.close(), fatora.close()]));
	beforeEach(() => {
		chargebee.invoices.clear();
		chargebee.requests.length = 0;
		chartMogul.reset();
		highLevel.reset();
		highLevel.tokens.set('pit-versions', 'loc_v');
		fatora.reset();
	});

	const credentials = () => ({
		invoiceOpsChargebeeApi: chargebee.credentials(),
		invoiceOpsChartMogulApi: chartMogul.credentials(),
		invoiceOpsHighLevelApi: { privateIntegrationToken: 'pit-versions', locationId: 'loc_v', baseUrl: highLevel.url },
		invoiceOpsFatoraApi: fatora.credentials(),
	});
	const runSaved = async (name: string) => {
		const node = savedNode(name);
		const all = credentials();
		const type = node.type.split('.')[1];
		const credential = Object.entries(all).find(([key]) => key.toLowerCase().includes(type.toLowerCase()))!;
		return await runNode({ node: node.type, typeVersion: node.typeVersion, parameters: node.parameters, credentials: { [credential[0]]: credential[1] } });
	};

	describe('a workflow saved before version 2 (version 1, plain string ids) runs unchanged', () => {
		it('is all version 1 with string ids, as main saved it', () => {
			const packageNodes = saved.nodes.filter((node) => node.type.startsWith('n8n-nodes-invoice-ops.'));
			assert.equal(packageNodes.length, 6);
			for (const node of packageNodes) {
				assert.equal(node.typeVersion, 1);
				for (const name of ['invoiceId', 'dataSourceUuid', 'customerUuid']) {
					if (name in node.parameters) assert.equal(typeof node.parameters[name], 'string', `${node.name} ${name}`);
				}
			}
		});

		it('Chargebee void', async () => {
			chargebee.addInvoice({ id: 'inv_v1_void', status: 'payment_due' });
			const { items, error } = await runSaved('Chargebee Invoice Ops');
			assert.equal(error, undefined, error?.message);
			assert.deepEqual([items[0].json.invoiceId, items[0].json.outcome], ['inv_v1_void', 'voided']);
			assert.equal(chargebee.invoices.get('inv_v1_void')!.status, 'voided');
		});

		it('ChartMogul write off by external id (an expression), Delete All dry run, Get Many with filters', async () => {
			chartMogul.addInvoice({ uuid: 'inv_a', external_id: 'EXT-V1', data_source_uuid: 'ds_v1', customer_uuid: 'cus_v1_leaving' });
			chartMogul.addInvoice({ uuid: 'inv_b', external_id: 'EXT-V1b', data_source_uuid: 'ds_v1', customer_uuid: 'cus_v1_leaving' });
			const writeOff = await runSaved('ChartMogul Invoice Ops');
			assert.equal(writeOff.error, undefined, writeOff.error?.message);
			assert.equal(writeOff.items[0].json.outcome, 'written_off');
			assert.equal(chartMogul.invoices.get('inv_a')!.status, 'written_off');
			const deleteAll = await runSaved('ChartMogul Delete All');
			assert.deepEqual([deleteAll.items[0].json.outcome, (deleteAll.items[0].json.response as { invoiceCount: number }).invoiceCount], ['would_delete', 2]);
			const getMany = await runSaved('ChartMogul Get Many');
			assert.deepEqual(getMany.items.map((item) => item.json.uuid), ['inv_a', 'inv_b']);
			assert.equal(chartMogul.requests.at(-1)!.query.customer_uuid, 'cus_v1_leaving');
		});

		it('HighLevel void and Fatora delete', async () => {
			highLevel.addInvoice({ _id: 'hl_v1_void', altId: 'loc_v', status: 'sent' });
			const voided = await runSaved('HighLevel Invoice Ops');
			assert.equal(voided.error, undefined, voided.error?.message);
			assert.equal(highLevel.invoices.get('hl_v1_void')!.status, 'void');
			fatora.addInvoice({ id: '9001' });
			const deleted = await runSaved('Fatora Invoice Ops');
			assert.equal(deleted.error, undefined, deleted.error?.message);
			assert.equal(fatora.invoices.has('9001'), false);
		});
	});

	describe('descriptions', () => {
		const descriptions = [...nodeTypes().values()]
			.map((node) => node.description as INodeTypeDescription)
			.filter((description) => !description.group.includes('trigger'));
		const onVersion1 = (property: INodeProperties) => (property.displayOptions?.show?.['@version'] as number[] | undefined)?.join() === '1';

		it('every invoice node offers versions 1 and 2, new nodes on 2', () => {
			for (const description of descriptions) {
				assert.deepEqual(description.version, [1, 2], description.name);
				assert.equal(description.defaultVersion, 2, description.name);
			}
		});

		it('Invoice ID: a string on version 1, a locator (list, id, and url for Chargebee) from version 2, for the same operations', () => {
			for (const description of descriptions) {
				const [v1, v2, ...rest] = description.properties.filter((property) => property.name === 'invoiceId');
				assert.equal(rest.length, 0);
				assert.ok(onVersion1(v1) && v1.type === 'string', description.name);
				assert.deepEqual(v2.displayOptions?.hide?.['@version'], [1]);
				assert.equal(v2.type, 'resourceLocator');
				assert.deepEqual(v2.displayOptions?.show?.operation, v1.displayOptions?.show?.operation);
				const modes = (v2.modes ?? []).map((mode) => mode.name);
				assert.deepEqual(modes, description.name === 'chargebee' ? ['list', 'id', 'url'] : ['list', 'id']);
				const searchListMethod = v2.modes![0].typeOptions?.searchListMethod;
				assert.ok(searchListMethod && description.name && typeof searchListMethod === 'string');
			}
		});
	});

	describe('version 2 reads its locators', () => {
		const chargebeeV2 = (invoiceId: unknown, items?: IDataObject[]) =>
			runNode({
				node: 'chargebee',
				typeVersion: 2,
				parameters: { resource: 'invoice', operation: 'void', invoiceId: invoiceId as never, options: {} },
				credentials: { invoiceOpsChargebeeApi: chargebee.credentials() },
				continueOnFail: true,
				items,
			});

		it('From List: the picked invoice is voided', async () => {
			chargebee.addInvoice({ id: 'inv_picked' });
			const { items } = await chargebeeV2(list('inv_picked'));
			assert.deepEqual([items[0].json.invoiceId, items[0].json.outcome], ['inv_picked', 'voided']);
			assert.equal(chargebee.invoices.get('inv_picked')!.status, 'voided');
		});

		it('By ID with an expression, per item', async () => {
			chargebee.addInvoice({ id: 'inv_a' });
			chargebee.addInvoice({ id: 'inv_b' });
			const { items } = await chargebeeV2(byId('={{ $json.id }}'), [{ id: 'inv_a' }, { id: 'inv_b' }]);
			assert.deepEqual(items.map((item) => [item.json.invoiceId, item.json.outcome]), [['inv_a', 'voided'], ['inv_b', 'voided']]);
		});

		it("By URL: Chargebee's invoice URL on the credential's site", async () => {
			chargebee.addInvoice({ id: 'inv_from_app' });
			const { items } = await chargebeeV2(byUrl('https://acme-test.chargebee.com/d/invoices/inv_from_app?tab=details'));
			assert.deepEqual([items[0].json.invoiceId, items[0].json.outcome], ['inv_from_app', 'voided']);
		});

		it('By URL of another site or another form is refused before any request, naming the form expected', async () => {
			chargebee.addInvoice({ id: 'inv_1' });
			const otherSite = await chargebeeV2(byUrl('https://acme.chargebee.com/d/invoices/inv_1'));
			assert.equal(
				(otherSite.items[0].json.error as { message: string }).message,
				'The Invoice ID URL "https://acme.chargebee.com/d/invoices/inv_1" is on the site "acme", not the credential\'s site "acme-test": expected https://{site}.chargebee.com/d/invoices/{invoice id}, with the site of the Chargebee credential',
			);
			// From an expression (which n8n does not validate before the run) the node refuses it itself.
			const otherForm = await chargebeeV2(byUrl('={{ "https://acme-test.chargebee.com/d/customers/cust_1" }}'));
			assert.match((otherForm.items[0].json.error as { message: string }).message, /is not one this node reads: expected https:\/\/\{site\}\.chargebee\.com\/d\/invoices\/\{invoice id\}/);
			// Typed in, n8n's own check of the mode's validation stops a manual run, naming the form too.
			await assert.rejects(chargebeeV2(byUrl('https://acme-test.chargebee.com/d/customers/cust_1')), /Expected https:\/\/\{site\}\.chargebee\.com\/d\/invoices\/\{invoice id\}/);
			assert.equal(chargebee.requests.length, 0);
			assert.equal(chargebee.invoices.get('inv_1')!.status, 'payment_due');
		});

		it('a blank picked id is refused as the string was, and an id with a slash stays one path segment', async () => {
			const blank = await chargebeeV2(list('  '));
			assert.match((blank.items[0].json.error as { message: string }).message, /The parameter "Invoice ID" is empty/);
			chargebee.addInvoice({ id: 'inv/9' });
			await chargebeeV2(byId('inv/9'));
			assert.equal(chargebee.requests.at(-1)!.rawPath, '/api/v2/invoices/inv%2F9/void');
		});

		it('ChartMogul: picked data source and customer for Delete All, picked filters for Get Many, picked external id', async () => {
			chartMogul.addInvoice({ uuid: 'inv_a', external_id: 'EXT-A', data_source_uuid: 'ds_p', customer_uuid: 'cus_p' });
			chartMogul.addInvoice({ uuid: 'inv_b', external_id: 'EXT-B', data_source_uuid: 'ds_p', customer_uuid: 'cus_q' });
			const run = (parameters: Record<string, unknown>) =>
				runNode({ node: 'chartMogul', typeVersion: 2, parameters: { resource: 'invoice', ...parameters } as never, credentials: { invoiceOpsChartMogulApi: chartMogul.credentials() } });
			const getMany = await run({ operation: 'getAll', returnAll: true, filters: { dataSourceUuid: list('ds_p'), customerUuid: list('cus_q') } });
			assert.deepEqual(getMany.items.map((item) => item.json.uuid), ['inv_b']);
			const got = await run({ operation: 'get', invoiceIdType: 'externalId', dataSourceUuid: list('ds_p'), invoiceId: list('EXT-A') });
			assert.deepEqual([got.items[0].json.invoiceId, got.items[0].json.invoiceUuid], ['EXT-A', 'inv_a']);
			const deleteAll = await run({ operation: 'deleteAllForCustomer', dataSourceUuid: list('ds_p'), customerUuid: byId('cus_p') });
			assert.equal(deleteAll.error, undefined, deleteAll.error?.message);
			assert.deepEqual([deleteAll.items[0].json.dataSourceUuid, deleteAll.items[0].json.customerUuid], ['ds_p', 'cus_p']);
			assert.deepEqual(chartMogul.deleted, ['inv_a']);
		});

		it('HighLevel and Fatora: the picked invoice is acted on', async () => {
			highLevel.addInvoice({ _id: 'hl_p', altId: 'loc_v', status: 'sent' });
			const voided = await runNode({
				node: 'highLevel',
				typeVersion: 2,
				parameters: { resource: 'invoice', operation: 'void', invoiceId: list('hl_p') as never, altType: 'location' },
				credentials: credentials(),
			});
			assert.equal(voided.error, undefined, voided.error?.message);
			assert.equal(highLevel.invoices.get('hl_p')!.status, 'void');
			fatora.addInvoice({ id: '4242' });
			const got = await runNode({ node: 'fatora', typeVersion: 2, parameters: { resource: 'invoice', operation: 'get', invoiceId: list('4242') as never }, credentials: credentials() });
			assert.deepEqual([got.items[0].json.invoiceId, got.items[0].json.outcome], ['4242', 'fetched']);
		});
	});
});
