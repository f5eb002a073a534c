import Chargebee from 'chargebee';

import { assert } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import { basicAuth, TriggerHarness } from '../harness/webhook';
import { Sandbox, type RecordedRequest } from '../sandbox/server';

const ORACLE_CREDENTIAL = 'test_oracle_key_47';
/** The Basic auth of a hand-made webhook (test values). */
const HOOK_PASSWORD = `p-${'0123456789abcdef'}`;

const essentials = (request: RecordedRequest) => ({
	method: request.method,
	path: request.rawPath,
	query: request.query,
	body: request.body,
	authorization: request.headers.authorization,
	contentType: String(request.headers['content-type']).split(';')[0],
});

/** A GET has no body: the SDK's Content-Type on it says nothing, so it is not compared. */
const withoutGetContentType = (request: ReturnType<typeof essentials>) =>
	request.method === 'GET' ? { ...request, contentType: undefined } : request;

describe('Chargebee Invoice Ops Trigger: registration and deletion are what the official SDK sends', () => {
	let recorder: Sandbox;
	let sdk: Chargebee;
	let harness: TriggerHarness;
	const endpoint = { id: 'whv2_oracle_1', name: 'n', url: 'https://x', api_version: 'v2', disabled: false, enabled_events: ['invoice_deleted', 'pending_invoice_updated'] };

	before(async () => {
		recorder = await Sandbox.start(() => ({ status: 200, body: { webhook_endpoint: endpoint } }));
		const { port } = new URL(recorder.url);
		sdk = new Chargebee({ site: '127', hostSuffix: '.0.0.1', protocol: 'http', port: Number(port), apiKey: ORACLE_CREDENTIAL } as never);
		harness = new TriggerHarness({
			node: 'chargebeeTrigger',
			parameters: { events: ['invoice_deleted', 'pending_invoice_updated'], registerWebhook: true, confirmEvents: true },
			credentials: { invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: ORACLE_CREDENTIAL, baseUrl: recorder.url } },
			workflowId: 'wf42',
			workflowName: 'Mirror deletions to ChartMogul',
		});
	});
	after(async () => await recorder.close());

	it('webhookEndpoint.create: same method, path and form fields', async () => {
		await harness.activate();
		const node = recorder.requests.filter((request) => request.method === 'POST');
		assert.equal(node.length, 1);
		const sent = node[0].body as Record<string, string>;
		recorder.requests.length = 0;

		await sdk.webhookEndpoint.create({
			name: sent.name,
			url: harness.url,
			api_version: 'v2',
			enabled_events: ['invoice_deleted', 'pending_invoice_updated'],
			basic_auth_username: sent.basic_auth_username,
			basic_auth_password: sent.basic_auth_password,
		});
		assert.equal(recorder.requests.length, 1);
		const fromSdk = essentials(recorder.requests[0]);
		assert.deepEqual(essentials(node[0]), fromSdk);
		assert.equal(sent.name, 'n8n wf42 Mirror deletions to ChartMogul');
		assert.equal(sent.url, harness.url);
		recorder.requests.length = 0;
	});

	it('webhookEndpoint.retrieve (on re-activation) and webhookEndpoint.delete (on deactivation)', async () => {
		harness.node.parameters.events = ['invoice_deleted', 'pending_invoice_updated'];
		endpoint.url = harness.url;
		recorder.requests.length = 0;
		assert.deepEqual(await harness.activate(), { existed: true });
		await harness.deactivate();
		const fromNode = recorder.requests.map(essentials);
		recorder.requests.length = 0;
		await sdk.webhookEndpoint.retrieve('whv2_oracle_1');
		await sdk.webhookEndpoint.delete('whv2_oracle_1');
		const fromSdk = recorder.requests.map(essentials);
		assert.deepEqual(
			fromNode.map(({ method, path, query, body, authorization }) => ({ method, path, query, body, authorization })),
			fromSdk.map(({ method, path, query, body, authorization }) => ({ method, path, query, body, authorization })),
		);
	});

	it('event.retrieve: the confirmation read', async () => {
		const manual = new TriggerHarness({
			node: 'chargebeeTrigger',
			parameters: { events: ['invoice_deleted'], registerWebhook: false, confirmEvents: true },
			credentials: {
				invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: ORACLE_CREDENTIAL, baseUrl: recorder.url },
				invoiceOpsChargebeeWebhookApi: { username: 'u', password: HOOK_PASSWORD },
			},
		});
		recorder.requests.length = 0;
		const answer = await manual.deliver({
			headers: { authorization: basicAuth('u', HOOK_PASSWORD) },
			body: { id: 'ev_oracle_1', event_type: 'invoice_deleted', occurred_at: Math.floor(Date.now() / 1000), content: { invoice: { id: 'inv_1' } } },
		});
		// The recorder answers with no event: unconfirmed, so nothing starts.
		assert.equal(answer.status, 403);
		const fromNode = recorder.requests.map(essentials);
		recorder.requests.length = 0;
		await sdk.event.retrieve('ev_oracle_1');
		const strip = (request: ReturnType<typeof essentials>) => ({ ...request, contentType: undefined });
		assert.deepEqual(fromNode.map(strip), recorder.requests.map(essentials).map(strip));
		assert.equal(fromNode.length, 1);
	});
	it('webhookEndpoint.list (paged with offset) and webhookEndpoint.update: the orphan check and the take-over of an endpoint at this URL', async () => {
		const orphanId = 'whv2_oracle_orphan';
		const holder: { url?: string } = {};
		const pages = await Sandbox.start((request) => {
			if (request.method === 'GET' && request.query.offset === undefined) {
				return { status: 200, body: { list: [{ webhook_endpoint: { ...endpoint, id: 'whv2_other', url: 'https://elsewhere.example/hook' } }], next_offset: '["1"]' } };
			}
			if (request.method === 'GET') return { status: 200, body: { list: [{ webhook_endpoint: { ...endpoint, id: orphanId, url: holder.url } }] } };
			return { status: 200, body: { webhook_endpoint: { ...endpoint, id: orphanId, url: holder.url } } };
		});
		try {
			const oracle = new Chargebee({ site: '127', hostSuffix: '.0.0.1', protocol: 'http', port: Number(new URL(pages.url).port), apiKey: ORACLE_CREDENTIAL } as never);
			const pointed = new TriggerHarness({
				node: 'chargebeeTrigger',
				parameters: { events: ['invoice_deleted'], registerWebhook: true, confirmEvents: true },
				credentials: { invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: ORACLE_CREDENTIAL, baseUrl: pages.url } },
				workflowId: 'wf43',
				workflowName: 'Orphans',
			});
			holder.url = pointed.url;
			await pointed.activate();
			assert.equal((pointed.staticData as { webhookEndpointId?: string }).webhookEndpointId, orphanId);
			const fromNode = pages.requests.map(essentials);
			assert.deepEqual(fromNode.map((request) => `${request.method} ${request.path}`), [
				'GET /api/v2/webhook_endpoints',
				'GET /api/v2/webhook_endpoints',
				`POST /api/v2/webhook_endpoints/${orphanId}`,
			]);
			const sent = fromNode[2].body as Record<string, string>;
			pages.requests.length = 0;
			await oracle.webhookEndpoint.list({ limit: 100 });
			await oracle.webhookEndpoint.list({ limit: 100, offset: '["1"]' });
			await oracle.webhookEndpoint.update(orphanId, {
				name: sent.name,
				url: sent.url,
				api_version: 'v2',
				basic_auth_username: sent.basic_auth_username,
				basic_auth_password: sent.basic_auth_password,
				enabled_events: ['invoice_deleted'],
				disabled: false,
			});
			assert.deepEqual(fromNode.map(withoutGetContentType), pages.requests.map(essentials).map(withoutGetContentType));
			assert.equal(sent.url, pointed.url);
		} finally {
			await pages.close();
		}
	});

	it('webhookEndpoint.update with disabled=false: re-enabling an endpoint Chargebee disabled', async () => {
		harness.node.parameters.events = ['invoice_deleted', 'pending_invoice_updated'];
		endpoint.url = harness.url;
		endpoint.disabled = true;
		recorder.requests.length = 0;
		(harness.staticData as Record<string, string>).webhookEndpointId = 'whv2_oracle_1';
		(harness.staticData as Record<string, string>).basicAuthUsername = 'n8n-oracle';
		(harness.staticData as Record<string, string>).basicAuthPassword = HOOK_PASSWORD;
		// The recorder answers every request with the endpoint: still disabled after the update, which fails the activation.
		await assert.rejects(harness.activate(), /Chargebee kept the webhook endpoint whv2_oracle_1 disabled/);
		const fromNode = recorder.requests.map(essentials);
		recorder.requests.length = 0;
		await sdk.webhookEndpoint.retrieve('whv2_oracle_1');
		await sdk.webhookEndpoint.update('whv2_oracle_1', { disabled: false });
		assert.deepEqual(fromNode.map(withoutGetContentType), recorder.requests.map(essentials).map(withoutGetContentType));
		endpoint.disabled = false;
	});
});
