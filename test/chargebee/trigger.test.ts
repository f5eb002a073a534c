import { assert } from '../harness/node';
import { afterEach, beforeEach, describe, it } from '../harness/runner';

import { basicAuth, TriggerHarness } from '../harness/webhook';
import { ChargebeeSandbox } from '../sandbox/chargebee';

/** The sandbox's API key (a test value, not a secret). */
/** Data as plain objects of the test's own realm: jest runs tests in a VM context, while items can be built outside it. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const API_KEY = `test_cb_trigger_key_${19}`;
/** The Basic auth of a hand-made webhook (test values). */
const HOOK_USER = 'cb-hook';
const HOOK_PASSWORD = `a-long-${'password'}-set-in-chargebee`;
const WRONG_PASSWORD = `${HOOK_PASSWORD}-wrong`;

/** The sandbox's own API, as a Chargebee user (or the Chargebee Invoice Ops node) would call it. */
async function chargebeeCall(sandbox: ChargebeeSandbox, method: string, path: string, form: Record<string, string> = {}) {
	const response = await fetch(`${sandbox.url}/api/v2/${path}`, {
		method,
		headers: {
			Authorization: basicAuth(API_KEY, ''),
			...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
		},
		...(method === 'POST' ? { body: new URLSearchParams(form).toString() } : {}),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('Chargebee Invoice Ops Trigger', () => {
	let sandbox: ChargebeeSandbox;
	let harness: TriggerHarness;

	const start = async (parameters: Record<string, unknown> = {}, credentials: Record<string, Record<string, string>> = {}) => {
		harness = await TriggerHarness.listen({
			node: 'chargebeeTrigger',
			parameters: { events: ['invoice_deleted', 'invoice_updated'], registerWebhook: true, confirmEvents: true, ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials(), ...credentials },
		});
		return harness;
	};
	const registered = () => {
		const data = harness.staticData as { webhookEndpointId: string; basicAuthUsername: string; basicAuthPassword: string };
		return { id: data.webhookEndpointId, username: data.basicAuthUsername, password: data.basicAuthPassword };
	};

	beforeEach(async () => {
		sandbox = await ChargebeeSandbox.start(API_KEY);
		sandbox.addInvoice({ id: 'cb_inv_1', status: 'payment_due' });
		sandbox.addInvoice({ id: 'cb_inv_2', status: 'payment_due' });
	});
	afterEach(async () => {
		await harness?.close();
		await sandbox.close();
	});

	describe('registration', () => {
		it('activating registers one endpoint for the production URL and the selected events, with Basic auth made for it', async () => {
			await start();
			const { existed } = await harness.activate();
			assert.equal(existed, false);
			assert.equal(sandbox.webhookEndpoints.size, 1);
			const [endpoint] = sandbox.webhookEndpoints.values();
			const mine = registered();
			assert.equal(endpoint.id, mine.id);
			assert.equal(endpoint.url, harness.url);
			assert.deepEqual(endpoint.enabled_events, ['invoice_deleted', 'invoice_updated']);
			assert.equal(endpoint.api_version, 'v2');
			assert.match(endpoint.name, /wf-trigger-test Mirror deletions/);
			assert.equal(endpoint.basic_auth_username, mine.username);
			assert.equal(endpoint.password, mine.password);
			// 32 random bytes, base64url: not guessable, and new for every registration.
			assert.match(mine.password, /^[A-Za-z0-9_-]{43}$/);
			const create = sandbox.requests.find((request) => request.method === 'POST' && request.rawPath === '/api/v2/webhook_endpoints')!;
			assert.equal(create.headers.authorization, basicAuth(API_KEY, ''));
			assert.match(String(create.headers['content-type']), /application\/x-www-form-urlencoded/);
		});

		it('activating again keeps an endpoint that still exists, and re-creates one deleted in Chargebee', async () => {
			await start();
			await harness.activate();
			const first = registered();
			assert.deepEqual(await harness.activate(), { existed: true });
			assert.equal(sandbox.webhookEndpoints.size, 1);

			sandbox.webhookEndpoints.delete(first.id);
			assert.deepEqual(await harness.activate(), { existed: false });
			const second = registered();
			assert.notEqual(second.id, first.id);
			assert.notEqual(second.password, first.password);
			assert.equal(sandbox.webhookEndpoints.size, 1);
			// The old password opens nothing any more.
			const forged = await post(harness.url, { id: 'ev_x', event_type: 'invoice_deleted' }, { Authorization: basicAuth(first.username, first.password) });
			assert.equal(forged.status, 401);
		});

		it('an endpoint registered for other events is replaced', async () => {
			await start();
			await harness.activate();
			const first = registered();
			harness.node.parameters.events = ['invoice_deleted'];
			assert.deepEqual(await harness.activate(), { existed: false });
			assert.equal(sandbox.webhookEndpoints.has(first.id), false);
			assert.deepEqual([...sandbox.webhookEndpoints.values()].map((endpoint) => endpoint.enabled_events), [['invoice_deleted']]);
		});

		it('an endpoint stored for another URL (production, seen from a test run) is left alone', async () => {
			await start();
			await harness.activate();
			const production = registered();
			sandbox.webhookEndpoints.get(production.id)!.url = 'http://localhost:5678/webhook/other/webhook';
			assert.deepEqual(await harness.activate(), { existed: false });
			assert.equal(sandbox.webhookEndpoints.has(production.id), true);
			assert.equal(sandbox.webhookEndpoints.size, 2);
			assert.notEqual(registered().id, production.id);
		});

		it('deactivating deletes the endpoint and forgets its password', async () => {
			await start();
			await harness.activate();
			const mine = registered();
			await harness.deactivate();
			assert.equal(sandbox.webhookEndpoints.size, 0);
			assert.ok(sandbox.requests.some((request) => request.method === 'POST' && request.rawPath === `/api/v2/webhook_endpoints/${mine.id}/delete`));
			assert.deepEqual(harness.staticData, {});
			const late = await post(harness.url, { id: 'ev_x', event_type: 'invoice_deleted' }, { Authorization: basicAuth(mine.username, mine.password) });
			assert.equal(late.status, 401);
		});

		it('a refused registration fails activation with Chargebee\'s reason and no secret in the message', async () => {
			await start();
			for (let index = 0; index < 5; index++) sandbox.webhookEndpoints.set(`whv2_full_${index}`, { id: `whv2_full_${index}`, object: 'webhook_endpoint', name: 'x', url: 'https://example.com/', api_version: 'v2', disabled: false, enabled_events: ['invoice_deleted'] });
			await assert.rejects(harness.activate(), (error: Error) => {
				assert.match(error.message, /Chargebee could not register the webhook endpoint: You can configure a maximum of 5 webhook endpoints \(invalid_request, HTTP 400\)/);
				const sent = sandbox.requests.find((request) => request.rawPath === '/api/v2/webhook_endpoints' && request.method === 'POST')!;
				const password = String(sent.body.basic_auth_password);
				assert.ok(password.length > 20);
				assert.equal(JSON.stringify({ message: error.message, description: (error as { description?: string }).description }).includes(password), false);
				return true;
			});
			assert.deepEqual(harness.staticData, {});
		});

		it('with Register Webhook off, nothing is registered', async () => {
			await start({ registerWebhook: false }, { invoiceOpsChargebeeWebhookApi: { username: HOOK_USER, password: HOOK_PASSWORD } });
			await harness.activate();
			await harness.deactivate();
			assert.equal(sandbox.requests.length, 0);
		});
	});

	describe('deliveries', () => {
		it('an invoice deleted in Chargebee starts exactly one execution with Chargebee\'s event as the item', async () => {
			await start();
			await harness.activate();
			const deleted = await chargebeeCall(sandbox, 'POST', 'invoices/cb_inv_1/delete');
			assert.equal(deleted.status, 200);
			await sandbox.deliveriesSettled();
			assert.equal(harness.executions.length, 1);
			const [event] = [...sandbox.events.values()];
			assert.deepEqual(plain(harness.executions[0].map((item) => item.json)), plain([event]));
			assert.equal(harness.executions[0][0].json.event_type, 'invoice_deleted');
			assert.equal((harness.executions[0][0].json.content as { invoice: { id: string } }).invoice.id, 'cb_inv_1');
			assert.deepEqual(sandbox.deliveries.map((delivery) => delivery.status), [200]);
			// Confirmed by reading the event back, with the API key, on its own path.
			const read = sandbox.requests.filter((request) => request.method === 'GET' && request.rawPath.startsWith('/api/v2/events/'));
			assert.deepEqual(read.map((request) => request.rawPath), [`/api/v2/events/${event.id}`]);
			assert.equal(read[0].headers.authorization, basicAuth(API_KEY, ''));
		});

		it('a void arrives as invoice_updated; a generated invoice (not selected) is answered 200 and starts nothing', async () => {
			await start();
			await harness.activate();
			await chargebeeCall(sandbox, 'POST', 'invoices/cb_inv_2/void');
			await sandbox.deliveriesSettled();
			assert.equal(harness.executions.length, 1);
			assert.equal((harness.executions[0][0].json.content as { invoice: { status: string } }).invoice.status, 'voided');

			harness.node.parameters.events = ['invoice_deleted', 'invoice_updated', 'invoice_generated'];
			await harness.activate();
			harness.node.parameters.events = ['invoice_deleted'];
			const generated = await chargebeeCall(sandbox, 'POST', 'invoices', { customer_id: 'cust_9', id: 'cb_inv_new' });
			assert.equal(generated.status, 200);
			await sandbox.deliveriesSettled();
			assert.deepEqual(sandbox.deliveries.map((delivery) => delivery.status), [200, 200]);
			assert.equal(harness.executions.length, 1);
		});

		it('the emitted item is Chargebee\'s copy of the event, not the delivered one', async () => {
			await start();
			await harness.activate();
			const event = sandbox.emit('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			await sandbox.deliveriesSettled();
			harness.executions.length = 0;
			const { username, password } = registered();
			const embellished = { ...event, content: { invoice: { ...event.content.invoice, total: 1 } }, injected: 'yes' };
			const answer = await post(harness.url, embellished, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 200);
			assert.deepEqual(plain(harness.executions.map((items) => items.map((item) => item.json))), plain([[event]]));
		});
	});

	describe('forgeries start no execution', () => {
		const genuineLooking = (sandbox: ChargebeeSandbox) => sandbox.emit('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);

		beforeEach(async () => {
			await start();
			await harness.activate();
		});

		it('no Basic auth: 401 with a Basic challenge', async () => {
			const event = genuineLooking(sandbox);
			await sandbox.deliveriesSettled();
			harness.executions.length = 0;
			const answer = await post(harness.url, event);
			assert.equal(answer.status, 401);
			assert.match(String(answer.headers.get('www-authenticate')), /^Basic /);
			assert.equal(harness.executions.length, 0);
		});

		it('a wrong password, a wrong username, another scheme, garbage: 401', async () => {
			const event = genuineLooking(sandbox);
			await sandbox.deliveriesSettled();
			harness.executions.length = 0;
			const { username, password } = registered();
			for (const authorization of [
				basicAuth(username, `${password}x`),
				basicAuth(username, password.slice(0, -1)),
				basicAuth(`${username}x`, password),
				basicAuth(username, ''),
				basicAuth('', ''),
				`Bearer ${password}`,
				'Basic !!!',
				`Basic ${Buffer.from(`${username}${password}`).toString('base64')}`,
			]) {
				const answer = await post(harness.url, event, { Authorization: authorization });
				assert.equal(answer.status, 401, authorization);
			}
			assert.equal(harness.executions.length, 0);
			// None of these reached Chargebee.
			assert.equal(sandbox.requests.filter((request) => request.rawPath.startsWith('/api/v2/events/')).length, 1);
		});

		it('an event Chargebee does not know: 403', async () => {
			const { username, password } = registered();
			const forged = { id: 'ev_forged_1', event_type: 'invoice_deleted', occurred_at: 1, content: { invoice: { id: 'cb_inv_1' } } };
			const answer = await post(harness.url, forged, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 403);
			assert.equal(harness.executions.length, 0);
		});

		it('a known event id with another type or another invoice: 403', async () => {
			const real = sandbox.emit('invoice_updated', sandbox.invoices.get('cb_inv_2')!);
			await sandbox.deliveriesSettled();
			harness.executions.length = 0;
			const { username, password } = registered();
			const auth = { Authorization: basicAuth(username, password) };
			assert.equal((await post(harness.url, { ...real, event_type: 'invoice_deleted' }, auth)).status, 403);
			assert.equal((await post(harness.url, { ...real, content: { invoice: { ...real.content.invoice, id: 'cb_inv_1' } } }, auth)).status, 403);
			assert.equal((await post(harness.url, { ...real, content: {} }, auth)).status, 403);
			assert.equal((await post(harness.url, { ...real, id: '' }, auth)).status, 403);
			assert.equal(harness.executions.length, 0);
		});

		it('an event id that tries to leave /events/{id}: stays one segment, 403', async () => {
			const { username, password } = registered();
			const answer = await post(harness.url, { id: '../invoices/cb_inv_1', event_type: 'invoice_deleted', content: { invoice: { id: 'cb_inv_1' } } }, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 403);
			const reads = sandbox.requests.filter((request) => request.method === 'GET');
			assert.deepEqual(reads.map((request) => request.rawPath), ['/api/v2/events/..%2Finvoices%2Fcb_inv_1']);
			assert.equal(harness.executions.length, 0);
		});

		it('when Chargebee cannot confirm (5xx), the delivery is answered 503 so that Chargebee retries, and nothing starts', async () => {
			const event = genuineLooking(sandbox);
			await sandbox.deliveriesSettled();
			harness.executions.length = 0;
			const { username, password } = registered();
			sandbox.server.inject({ kind: 'reply', reply: { status: 500, body: { message: 'Internal error', api_error_code: 'internal_error' } } });
			const answer = await post(harness.url, event, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 503);
			assert.match(answer.text, /Chargebee could not confirm the event: Internal error/);
			assert.equal(harness.executions.length, 0);
		});

		it('a redirect instead of the event is not followed: 503, nothing starts', async () => {
			const event = genuineLooking(sandbox);
			await sandbox.deliveriesSettled();
			harness.executions.length = 0;
			const { username, password } = registered();
			sandbox.server.inject({ kind: 'reply', reply: { status: 302, headers: { Location: 'https://elsewhere.example/api/v2/events/x' } } });
			const answer = await post(harness.url, event, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 503);
			assert.match(answer.text, /redirect to elsewhere\.example, which is never followed/);
			assert.equal(harness.executions.length, 0);
		});
	});

	describe('with Register Webhook off', () => {
		const credentials = { invoiceOpsChargebeeWebhookApi: { username: HOOK_USER, password: HOOK_PASSWORD } };

		it('the Chargebee Webhook credential holds the Basic auth; a miss is 401', async () => {
			await start({ registerWebhook: false }, credentials);
			await harness.activate();
			const event = sandbox.emit('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			assert.equal((await post(harness.url, event, { Authorization: basicAuth(HOOK_USER, WRONG_PASSWORD) })).status, 401);
			assert.equal((await post(harness.url, event)).status, 401);
			assert.equal(harness.executions.length, 0);
			assert.equal((await post(harness.url, event, { Authorization: basicAuth(HOOK_USER, HOOK_PASSWORD) })).status, 200);
			assert.deepEqual(plain(harness.executions.map((items) => items.map((item) => item.json))), plain([[event]]));
		});

		it('an empty password in the credential lets nobody in', async () => {
			await start({ registerWebhook: false }, { invoiceOpsChargebeeWebhookApi: { username: HOOK_USER, password: '' } });
			const event = sandbox.emit('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			assert.equal((await post(harness.url, event, { Authorization: basicAuth(HOOK_USER, '') })).status, 401);
			assert.equal(harness.executions.length, 0);
		});
	});

	describe('with Confirm Events off', () => {
		it('the delivered event is emitted as sent, without a read; Basic auth is still required', async () => {
			await start({ confirmEvents: false });
			await harness.activate();
			const { username, password } = registered();
			const event = { id: 'ev_unconfirmed', event_type: 'invoice_deleted', content: { invoice: { id: 'cb_inv_1' } } };
			assert.equal((await post(harness.url, event)).status, 401);
			assert.equal((await post(harness.url, event, { Authorization: basicAuth(username, password) })).status, 200);
			assert.deepEqual(plain(harness.executions.map((items) => items.map((item) => item.json))), plain([[event]]));
			assert.equal(sandbox.requests.some((request) => request.rawPath.startsWith('/api/v2/events/')), false);
		});
	});

	it('text booleans from expressions are read strictly; anything else fails before any request', async () => {
		await start({ registerWebhook: 'maybe' });
		await assert.rejects(harness.activate(), /registerWebhook/);
		assert.equal(sandbox.requests.length, 0);
	});

});
