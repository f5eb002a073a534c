import { assert } from '../harness/node';
import { afterEach, beforeEach, describe, it } from '../harness/runner';

import { registeredBudgets, releaseBudgets } from '../../nodes/shared/budget';
import { runNode } from '../harness/engine';
import { basicAuth, TriggerHarness } from '../harness/webhook';
import { ChargebeeSandbox } from '../sandbox/chargebee';

/** The sandbox's API key (a test value, not a secret). */
/** Data as plain objects of the test's own realm: jest runs tests in a VM context, while items can be built outside it. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const nowSeconds = () => Math.floor(Date.now() / 1000);

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
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			const { username, password } = registered();
			const embellished = { ...event, content: { invoice: { ...event.content.invoice, total: 1 } }, injected: 'yes' };
			const answer = await post(harness.url, embellished, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 200);
			assert.deepEqual(plain(harness.executions.map((items) => items.map((item) => item.json))), plain([[event]]));
		});
	});

	describe('forgeries start no execution', () => {
		// Recorded by Chargebee, not delivered yet: a first delivery of it is not a repeat.
		const genuineLooking = (sandbox: ChargebeeSandbox) => sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);

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
			assert.equal(sandbox.requests.filter((request) => request.rawPath.startsWith('/api/v2/events/')).length, 0);
		});

		it('an event Chargebee does not know: 403', async () => {
			const { username, password } = registered();
			const forged = { id: 'ev_forged_1', event_type: 'invoice_deleted', occurred_at: nowSeconds(), content: { invoice: { id: 'cb_inv_1' } } };
			const answer = await post(harness.url, forged, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 403);
			assert.equal(harness.executions.length, 0);
		});

		it('a known event id with another type or another invoice: 403', async () => {
			const real = sandbox.recordEvent('invoice_updated', sandbox.invoices.get('cb_inv_2')!);
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
			const answer = await post(harness.url, { id: '../invoices/cb_inv_1', event_type: 'invoice_deleted', occurred_at: nowSeconds(), content: { invoice: { id: 'cb_inv_1' } } }, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 403);
			const reads = sandbox.requests.filter((request) => request.rawPath.startsWith('/api/v2/events/'));
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
			assert.equal((JSON.parse(answer.text) as { message: string }).message, `Chargebee could not confirm the event "${event.id}": Internal error (internal_error, HTTP 500)`);
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
			assert.match(answer.text, /redirect \(HTTP 302\) to elsewhere\.example, which the node does not follow/);
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
			const event = { id: 'ev_unconfirmed', event_type: 'invoice_deleted', occurred_at: nowSeconds(), content: { invoice: { id: 'cb_inv_1' } } };
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

	describe('one event starts at most one execution (issue 20, defect 2)', () => {
		const auth = () => {
			const { username, password } = registered();
			return { Authorization: basicAuth(username, password) };
		};
		const eventReads = () => sandbox.requests.filter((request) => request.rawPath.startsWith('/api/v2/events/')).length;
		const DAY = 86_400;

		beforeEach(async () => {
			await start();
			await harness.activate();
		});

		it('a genuine event delivered again is acknowledged 200 and starts nothing, without asking Chargebee again', async () => {
			await chargebeeCall(sandbox, 'POST', 'invoices/cb_inv_1/delete');
			await sandbox.deliveriesSettled();
			assert.equal(harness.executions.length, 1);
			const [event] = [...sandbox.events.values()];
			const reads = eventReads();
			for (let copy = 0; copy < 3; copy++) {
				const again = await post(harness.url, event, auth());
				assert.equal(again.status, 200);
				assert.match(again.text, /already delivered: nothing started/);
			}
			assert.equal(harness.executions.length, 1);
			assert.equal(eventReads(), reads);
		});

		it('a copy delivered to "Test this trigger" (manual mode) does not use up the event the active workflow still has to run', async () => {
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			const tested = await harness.deliver({ body: event as never, headers: auth(), mode: 'manual' });
			assert.equal(tested.status, 200);
			assert.ok(tested.execution, 'the test delivery starts the manual run');
			const before = JSON.stringify(plain(harness.staticData));
			assert.doesNotMatch(before, new RegExp(String(event.id)), 'a test delivery leaves no id in the static data');
			const live = await post(harness.url, event, auth());
			assert.equal(live.status, 200);
			assert.equal(harness.executions.length, 2, 'the active workflow runs the event too');
			assert.match(JSON.stringify(plain(harness.staticData)), new RegExp(String(event.id)));
			const repeat = await post(harness.url, event, auth());
			assert.match(repeat.text, /already delivered: nothing started/);
			assert.equal(harness.executions.length, 2);
		});

		it('20 copies arriving at once start one execution; none is answered as a forgery', async () => {
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			const answers = await Promise.all(Array.from({ length: 20 }, async () => await post(harness.url, event, auth())));
			assert.equal(harness.executions.length, 1);
			// A copy that arrives while the first is being confirmed is asked to come again (503).
			assert.ok(answers.every((answer) => answer.status === 200 || answer.status === 503), answers.map((answer) => answer.status).join());
			assert.equal((await post(harness.url, event, auth())).status, 200);
			assert.equal(harness.executions.length, 1);
		});

		it('a delivery answered 503 (Chargebee could not confirm) is checked again when Chargebee sends it again', async () => {
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			sandbox.server.inject({ kind: 'reply', reply: { status: 500, body: { message: 'Internal error', api_error_code: 'internal_error' } } });
			assert.equal((await post(harness.url, event, auth())).status, 503);
			assert.equal(harness.executions.length, 0);
			assert.equal((await post(harness.url, event, auth())).status, 200);
			assert.equal(harness.executions.length, 1);
		});

		it('an event older than Chargebee re-sends events (4 days), without occurred_at, malformed or in the future: 403, nothing asked', async () => {
			const now = nowSeconds();
			const invoice = sandbox.invoices.get('cb_inv_1')!;
			const aged = (seconds: number) => {
				const event = sandbox.recordEvent('invoice_deleted', invoice);
				// Chargebee's own copy carries the same time: only the age can refuse it.
				event.occurred_at = seconds;
				return event;
			};
			const refused = [
				aged(now - 5 * DAY),
				aged(now - 4 * DAY - 60),
				{ ...aged(now), occurred_at: undefined },
				{ ...aged(now), occurred_at: String(now) },
				{ ...aged(now), occurred_at: now + 0.5 },
				{ ...aged(now), occurred_at: -1 },
				aged(now + 3600),
			];
			for (const event of refused) {
				const answer = await post(harness.url, event, auth());
				assert.equal(answer.status, 403, JSON.stringify(event.occurred_at));
			}
			assert.equal(eventReads(), 0);
			assert.equal(harness.executions.length, 0);
			// Chargebee's last re-delivery comes about three days and seven hours after the event.
			assert.equal((await post(harness.url, aged(now - 3 * DAY - 8 * 3600), auth())).status, 200);
			assert.equal(harness.executions.length, 1);
		});

		it('an old genuine event posted with a fresh occurred_at differs from Chargebee\'s copy: 403', async () => {
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			event.occurred_at = nowSeconds() - 10 * DAY;
			const answer = await post(harness.url, { ...event, occurred_at: nowSeconds() }, auth());
			assert.equal(answer.status, 403);
			assert.equal(harness.executions.length, 0);
		});

		it('the accepted ids are kept in the workflow\'s static data: a repeat after a restart starts nothing', async () => {
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			assert.equal((await post(harness.url, event, auth())).status, 200);
			assert.equal(harness.executions.length, 1);
			const credentials = auth();
			// Another process (a restart): no process memory, the static data as n8n saved it.
			const restarted = await TriggerHarness.listen({
				node: 'chargebeeTrigger',
				parameters: { events: ['invoice_deleted', 'invoice_updated'], registerWebhook: true, confirmEvents: true } as never,
				credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
				workflowId: 'wf-trigger-restarted',
				staticData: structuredClone(plain(harness.workflow.staticData)) as never,
			});
			try {
				const reads = eventReads();
				const again = await post(restarted.url, event, credentials);
				assert.equal(again.status, 200);
				assert.equal(restarted.executions.length, 0);
				assert.equal(eventReads(), reads);
				const fresh = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_2')!);
				assert.equal((await post(restarted.url, fresh, credentials)).status, 200);
				assert.equal(restarted.executions.length, 1);
			} finally {
				await restarted.close();
			}
		});
	});

	describe('the trigger\'s requests go through the shared transport (issue 20, defect 3)', () => {
		const KEY_AS_BASIC = Buffer.from(`${API_KEY}:`).toString('base64');
		const echo = () => ({
			status: 500,
			body: { message: `Internal error while handling Authorization: Basic ${KEY_AS_BASIC} (api_key=${API_KEY})`, api_error_code: 'internal_error' },
		});
		const leaks = (text: string) => text.includes(API_KEY) || text.includes(KEY_AS_BASIC);
		const errorText = (error: unknown) => JSON.stringify({ message: (error as Error).message, description: (error as { description?: string }).description });

		it('its requests draw on the rate budget the nodes with the same credential use in this process (issue 23)', async () => {
			releaseBudgets();
			await start();
			await harness.activate();
			const { username, password } = registered();
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			assert.equal((await post(harness.url, event, { Authorization: basicAuth(username, password) })).status, 200);
			assert.equal(registeredBudgets(), 1, 'registration and confirmation share one budget');
			const run = await runNode({
				node: 'chargebee',
				parameters: { resource: 'invoice', operation: 'get', invoiceId: 'cb_inv_2' } as never,
				credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			});
			assert.equal(run.error, undefined, run.error?.message);
			assert.equal(registeredBudgets(), 1, "the node's run found the trigger's budget");
			const withMaxRate = await runNode({
				node: 'chargebee',
				parameters: { resource: 'invoice', operation: 'get', invoiceId: 'cb_inv_2', options: { maxRequestsPerSecond: 5 } } as never,
				credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			});
			assert.equal(withMaxRate.error, undefined, withMaxRate.error?.message);
			assert.equal(registeredBudgets(), 2, 'a node with its own Max Requests per Second keeps a budget of its own');
		});

		it('a 5xx echoing the API key reaches neither the 503 answer, nor activation and deactivation errors, nor the log', async () => {
			await start();
			await harness.activate();
			const { username, password } = registered();
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			for (const reply of [echo(), { status: 500, text: `<pre>upstream: Authorization: Basic ${KEY_AS_BASIC} key ${API_KEY}</pre>` }]) {
				sandbox.server.inject({ kind: 'reply', reply });
				const answer = await post(harness.url, event, { Authorization: basicAuth(username, password) });
				assert.equal(answer.status, 503);
				assert.match(answer.text, /Chargebee could not confirm the event/);
				assert.equal(leaks(answer.text), false, answer.text);
			}
			sandbox.server.inject({ kind: 'reply', reply: echo() });
			await assert.rejects(harness.activate(), (error: Error) => {
				assert.match(error.message, /Chargebee could not read the webhook endpoint "whv2_[^"]+": Internal error/);
				assert.equal(leaks(errorText(error)), false, errorText(error));
				return true;
			});
			sandbox.server.inject({ kind: 'reply', reply: echo() });
			await assert.rejects(harness.deactivate(), (error: Error) => {
				assert.match(error.message, /Chargebee could not delete the webhook endpoint "whv2_[^"]+": Internal error/);
				assert.equal(leaks(errorText(error)), false, errorText(error));
				return true;
			});
			assert.equal(leaks(JSON.stringify(harness.logs)), false);
			assert.equal(harness.executions.length, 0);
		});

		it('a 429 with Retry-After on the confirmation is waited out within the delivery; a lasting 503 gives up after two attempts', async () => {
			await start();
			await harness.activate();
			const { username, password } = registered();
			const reads = () => sandbox.requests.filter((request) => request.rawPath.startsWith('/api/v2/events/')).length;
			const first = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			sandbox.server.inject({ kind: 'reply', reply: { status: 429, headers: { 'Retry-After': '1' }, body: { message: 'Too many requests', api_error_code: 'api_request_limit_exceeded' } } });
			assert.equal((await post(harness.url, first, { Authorization: basicAuth(username, password) })).status, 200);
			assert.equal(reads(), 2);
			assert.equal(harness.executions.length, 1);

			const second = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_2')!);
			const unavailable = { kind: 'reply' as const, reply: { status: 503, body: { message: 'Site in read only mode', api_error_code: 'site_read_only_mode' } } };
			sandbox.server.inject(unavailable, unavailable, unavailable);
			const answer = await post(harness.url, second, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 503);
			assert.match(answer.text, /Site in read only mode/);
			assert.equal(reads(), 4);
			assert.equal(harness.executions.length, 1);
		});
	});

	describe('orphan endpoints after a lost answer (issue 20, defect 4)', () => {
		const orphan = (id: string, url: string, password: string, events = ['invoice_deleted']) =>
			sandbox.webhookEndpoints.set(id, { id, object: 'webhook_endpoint', name: 'n8n lost', url, api_version: 'v2', disabled: false, enabled_events: events, basic_auth_username: 'n8n-lost', password });
		const creates = () => sandbox.requests.filter((request) => request.method === 'POST' && request.rawPath === '/api/v2/webhook_endpoints');

		it('endpoints at this URL that static data does not know are taken over with a new password or deleted, never duplicated', async () => {
			await start();
			orphan('whv2_lost_1', harness.url, 'unknown-password-1');
			orphan('whv2_lost_2', harness.url, 'unknown-password-2');
			// Another workflow's endpoint (for an event nothing here sends, so nothing is delivered to it).
			orphan('whv2_elsewhere', 'http://127.0.0.1:9/webhook/other/webhook', 'not-ours', ['pending_invoice_created']);
			await harness.activate();
			const mine = registered();
			const here = [...sandbox.webhookEndpoints.values()].filter((endpoint) => endpoint.url === harness.url);
			assert.deepEqual(here.map((endpoint) => endpoint.id), [mine.id]);
			assert.equal(mine.id, 'whv2_lost_1');
			assert.equal(here[0].password, mine.password);
			assert.equal(here[0].basic_auth_username, mine.username);
			assert.deepEqual(here[0].enabled_events, ['invoice_deleted', 'invoice_updated']);
			assert.equal(sandbox.webhookEndpoints.has('whv2_elsewhere'), true);
			assert.equal(creates().length, 0);
			assert.ok(harness.logs.some((line) => line.level === 'warn' && /took over whv2_lost_1 with a new password, deleted whv2_lost_2/.test(line.message)));
			assert.equal(JSON.stringify(harness.logs).includes(mine.password), false);
			// Chargebee's deliveries now carry the password the trigger knows.
			await chargebeeCall(sandbox, 'POST', 'invoices/cb_inv_1/delete');
			await sandbox.deliveriesSettled();
			assert.deepEqual(sandbox.deliveries.map((delivery) => delivery.status), [200]);
			assert.equal(harness.executions.length, 1);
		});

		it('a create whose answer is lost on every attempt is followed by the same check: one endpoint, known to the workflow', async () => {
			await start();
			let lost = 0;
			sandbox.server.faultFunction = (request) =>
				request.method === 'POST' && request.rawPath === '/api/v2/webhook_endpoints' && lost++ < 3 ? { kind: 'reset', afterHandler: true } : undefined;
			await harness.activate();
			assert.equal(creates().length, 3);
			// Every attempt carried the same idempotency key: Chargebee applied the create once.
			assert.equal(new Set(creates().map((request) => request.headers['chargebee-idempotency-key'])).size, 1);
			assert.equal(sandbox.webhookEndpoints.size, 1);
			const [endpoint] = sandbox.webhookEndpoints.values();
			assert.equal(registered().id, endpoint.id);
			assert.equal(endpoint.password, registered().password);
			await chargebeeCall(sandbox, 'POST', 'invoices/cb_inv_1/delete');
			await sandbox.deliveriesSettled();
			assert.deepEqual(sandbox.deliveries.map((delivery) => delivery.status), [200]);
		});

		it('a create whose first answer is lost is retried with the same idempotency key: one endpoint', async () => {
			await start();
			sandbox.server.faultFunction = (request) =>
				request.method === 'POST' && request.rawPath === '/api/v2/webhook_endpoints' && creates().length === 1 ? { kind: 'reset', afterHandler: true } : undefined;
			await harness.activate();
			assert.equal(creates().length, 2);
			assert.deepEqual([...sandbox.webhookEndpoints.keys()], [registered().id]);
		});
	});

	it('an endpoint Chargebee disabled is enabled again on activation, and the log says so (issue 20, defect 5)', async () => {
		await start();
		await harness.activate();
		const mine = registered();
		sandbox.webhookEndpoints.get(mine.id)!.disabled = true;
		assert.deepEqual(await harness.activate(), { existed: true });
		const endpoint = sandbox.webhookEndpoints.get(mine.id)!;
		assert.equal(endpoint.disabled, false);
		assert.equal(endpoint.password, mine.password);
		assert.equal(sandbox.webhookEndpoints.size, 1);
		const update = sandbox.requests.filter((request) => request.method === 'POST' && request.rawPath === `/api/v2/webhook_endpoints/${mine.id}`);
		assert.deepEqual(update.map((request) => request.body), [{ disabled: 'false' }]);
		assert.ok(harness.logs.some((line) => line.level === 'warn' && line.message.includes(`had disabled the webhook endpoint ${mine.id}`)));
		await chargebeeCall(sandbox, 'POST', 'invoices/cb_inv_1/delete');
		await sandbox.deliveriesSettled();
		assert.equal(harness.executions.length, 1);
	});

	it('with Register Webhook off, a password under 16 characters or an empty username fails activation and refuses every delivery (issue 20, defect 6)', async () => {
		const weak = [
			{ username: HOOK_USER, password: HOOK_PASSWORD.slice(0, 1) },
			{ username: HOOK_USER, password: HOOK_PASSWORD.slice(0, 15) },
			{ username: '', password: HOOK_PASSWORD },
			{ username: '   ', password: HOOK_PASSWORD },
			// Sixteen UTF-16 units, but eight characters.
			{ username: HOOK_USER, password: '\u{1F511}'.repeat(8) },
			// Sixteen and more with the spaces, fifteen without.
			{ username: HOOK_USER, password: ` ${HOOK_PASSWORD.slice(0, 7)}   ${HOOK_PASSWORD.slice(7, 15)}\t` },
		];
		for (const credential of weak) {
			await start({ registerWebhook: false }, { invoiceOpsChargebeeWebhookApi: credential });
			await assert.rejects(harness.activate(), (error: Error) => {
				assert.match(error.message, /The Chargebee Webhook credential cannot protect this trigger: (Use a password of at least 16 characters, not counting spaces|Enter the Basic auth username)/);
				assert.equal(error.message.includes(HOOK_PASSWORD.slice(0, 15)), false);
				return true;
			});
			const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
			const answer = await post(harness.url, event, { Authorization: basicAuth(credential.username, credential.password) });
			assert.equal(answer.status, 401, JSON.stringify(credential));
			assert.equal(harness.executions.length, 0);
			await harness.close();
		}
		// Sixteen characters are enough.
		const sixteen = HOOK_PASSWORD.slice(0, 16);
		await start({ registerWebhook: false }, { invoiceOpsChargebeeWebhookApi: { username: HOOK_USER, password: sixteen } });
		await harness.activate();
		const event = sandbox.recordEvent('invoice_deleted', sandbox.invoices.get('cb_inv_1')!);
		assert.equal((await post(harness.url, event, { Authorization: basicAuth(HOOK_USER, sixteen) })).status, 200);
		assert.equal(harness.executions.length, 1);
	});

	it('the 16 characters of a Webhook credential password leave out invisible characters and combining marks', async () => {
		const fifteen = HOOK_PASSWORD.slice(0, 15);
		const weak = [
			// Fifteen characters and zero-width spaces, joiners, soft hyphens: twenty and more code points.
			`${fifteen}\u200B\u200C\u200D\u2060\u00AD`,
			// Eight letters, each with two combining accents: twenty-four code points.
			'abcdefgh'.replace(/./g, (letter) => `${letter}\u0301\u0308`),
			// Control characters.
			`${fifteen}\u0000\u0007`,
		];
		for (const password of weak) {
			await start({ registerWebhook: false }, { invoiceOpsChargebeeWebhookApi: { username: HOOK_USER, password } });
			await assert.rejects(harness.activate(), /Use a password of at least 16 characters, not counting spaces, invisible characters or combining marks/);
			await harness.close();
		}
		// Sixteen accented letters count as sixteen, however the accents are written.
		const accented = 'abcdefghijklmnop'.replace(/./g, (letter) => `${letter}\u0301`);
		await start({ registerWebhook: false }, { invoiceOpsChargebeeWebhookApi: { username: HOOK_USER, password: accented } });
		await harness.activate();
	});

	it('an event id of ".", "..", or their percent-encoded forms is a refusal (403), sent nowhere (issue 20, defect 7)', async () => {
		await start();
		await harness.activate();
		const { username, password } = registered();
		for (const id of ['.', '..', '%2e', '%2E%2e']) {
			const answer = await post(harness.url, { id, event_type: 'invoice_deleted', occurred_at: nowSeconds(), content: { invoice: { id: 'cb_inv_1' } } }, { Authorization: basicAuth(username, password) });
			assert.equal(answer.status, 403, id);
		}
		assert.equal(sandbox.requests.filter((request) => request.rawPath.startsWith('/api/v2/events')).length, 0);
		assert.equal(harness.executions.length, 0);
	});
});
