/**
 * The package's triggers in a running n8n: each registered (Chargebee) or listening (HighLevel)
 * for its workflow, 200 genuine deliveries in bursts start 200 executions, forgeries start none,
 * and the mirror example (Chargebee invoice deleted -> ChartMogul delete) works end to end.
 * Executions are counted by their effect: each one posts its item to a recorder here.
 */
import { assert, delay, nodeProcess } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import type { ChargebeeSandbox } from '../sandbox/chargebee';
import type { ChartMogulSandbox } from '../sandbox/chartmogul';
import { HighLevelSandbox } from '../sandbox/highlevel';
import { Sandbox } from '../sandbox/server';
import { chargebee, MIRROR_INVOICE } from '../sandbox/served/chargebee';
import { chartMogul, DATA_SOURCE } from '../sandbox/served/chartmogul';
import { activate, importCredentials, importWorkflows, n8nPort, n8nVersion, startN8n, type RunningN8n } from './n8n';
import { chargebeeMirrorWorkflow, credentialFile, credentialId, PACKAGE, triggerToRecorderWorkflow } from './workflows';

const MIRROR_ID = 'e2etrigmirror01';
const CHARGEBEE_BURST_ID = 'e2etrigcbburst1';
const HIGHLEVEL_ID = 'e2etrighlburst1';
/** The HighLevel trigger's Location ID; deliveries for any other location are relays. */
const HIGHLEVEL_LOCATION = 'loc_burst';
/** A Chargebee trigger whose registration Chargebee answers with a 5xx echoing the API key. */
const LEAK_ID = 'e2etrigcbleak01';
const TOTAL = 200;
const BURST = 20;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const apiKey = () => String(chargebee.credential('').data.apiKey);
const keyAsBasic = () => Buffer.from(`${apiKey()}:`).toString('base64');
const keyEcho = () => ({
	status: 500,
	body: { message: `Internal error handling Authorization: Basic ${keyAsBasic()} (api_key=${apiKey()})`, api_error_code: 'internal_error' },
});
/** Raw paths the Chargebee sandbox answers with `keyEcho()`. */
const echoedPaths = new Set<string>();

async function until(what: string, check: () => boolean, timeoutMs = 180_000) {
	for (let waited = 0; !check(); waited += 100) {
		if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await delay(100);
	}
}

describe(`Invoice Ops triggers in a running n8n ${n8nVersion()}`, () => {
	let chargebeeSandbox: ChargebeeSandbox;
	let chartMogulSandbox: ChartMogulSandbox;
	let highLevelSandbox: HighLevelSandbox;
	let recorder: Sandbox;
	let n8n: RunningN8n;
	const webhookUrl = (workflowId: string) => `http://127.0.0.1:${n8nPort()}/webhook/${workflowId}-hook/webhook`;
	const recorded = (workflowId: string) =>
		recorder.requests.filter((request) => request.query.workflow === workflowId).map((request) => request.body);

	before(async () => {
		chargebeeSandbox = (await chargebee.start(0)) as ChargebeeSandbox;
		chartMogulSandbox = (await chartMogul.start(0)) as ChartMogulSandbox;
		highLevelSandbox = await HighLevelSandbox.start();
		recorder = await Sandbox.start(() => ({ status: 200, body: { recorded: true } }));
		// The URL n8n registers at Chargebee and the one the sandboxes deliver to.
		nodeProcess.env.WEBHOOK_URL = `http://127.0.0.1:${n8nPort()}/`;

		// A 5xx whose body echoes the request's Authorization and the key, for the registration of
		// LEAK_ID's trigger and for the confirmation reads a test lists in echoedPaths.
		chargebeeSandbox.server.faultFunction = (request) => {
			const leakCreate = request.method === 'POST' && request.rawPath === '/api/v2/webhook_endpoints' && String(request.body.name).includes(LEAK_ID);
			return leakCreate || echoedPaths.has(request.rawPath) ? { kind: 'reply', reply: keyEcho() } : undefined;
		};

		await importCredentials([credentialFile(chargebee, chargebeeSandbox.url), credentialFile(chartMogul, chartMogulSandbox.url)]);
		const chargebeeCredential = { invoiceOpsChargebeeApi: { id: credentialId(chargebee), name: 'Chargebee sandbox' } };
		/** A workflow whose Chargebee trigger (Register Webhook and Confirm Events on) posts each item to the recorder. */
		const chargebeeToRecorder = (id: string, name: string, event: string) =>
			triggerToRecorderWorkflow(
				id,
				name,
				{
					id: 'trigger',
					name: 'Chargebee Invoice Ops Trigger',
					type: `${PACKAGE}.chargebeeTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { events: [event], registerWebhook: true, confirmEvents: true },
					credentials: chargebeeCredential,
					webhookId: `${id}-hook`,
				},
				`${recorder.url}/executions?workflow=${id}`,
			);
		await importWorkflows([
			chargebeeMirrorWorkflow(MIRROR_ID, chargebee, chartMogul, DATA_SOURCE),
			chargebeeToRecorder(CHARGEBEE_BURST_ID, 'Chargebee generated invoices', 'invoice_generated'),
			chargebeeToRecorder(LEAK_ID, 'Chargebee registration answered with the key', 'pending_invoice_created'),
			triggerToRecorderWorkflow(
				HIGHLEVEL_ID,
				'HighLevel invoice events',
				{
					id: 'trigger',
					name: 'HighLevel Invoice Ops Trigger',
					type: `${PACKAGE}.highLevelTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { events: ['InvoiceVoid', 'InvoicePaid'], locationId: HIGHLEVEL_LOCATION, options: { publicKey: highLevelSandbox.publicKey } },
					webhookId: `${HIGHLEVEL_ID}-hook`,
				},
				`${recorder.url}/executions?workflow=${HIGHLEVEL_ID}`,
			),
		]);
		for (const id of [MIRROR_ID, CHARGEBEE_BURST_ID, LEAK_ID, HIGHLEVEL_ID]) await activate(id);
		n8n = await startN8n();
		// n8n activates workflows a moment after it answers: the Chargebee triggers register then.
		await until('both Chargebee endpoints registered', () => chargebeeSandbox.webhookEndpoints.size === 2, 60_000);
		highLevelSandbox.webhookUrl = webhookUrl(HIGHLEVEL_ID);
		for (let attempt = 0; attempt < 60; attempt++) {
			const answer = await fetch(webhookUrl(HIGHLEVEL_ID));
			if ((await answer.text()).includes('Did you mean to make a POST request')) break;
			await delay(500);
		}
	});
	after(async () => {
		await n8n?.stop();
		await chargebeeSandbox?.close();
		await chartMogulSandbox?.close();
		await highLevelSandbox?.close();
		await recorder?.close();
	});

	it('activation registered one Chargebee endpoint per trigger, at n8n\'s production URL, with Basic auth', () => {
		const endpoints = [...chargebeeSandbox.webhookEndpoints.values()];
		assert.deepEqual(endpoints.map((endpoint) => endpoint.url).sort(), [webhookUrl(CHARGEBEE_BURST_ID), webhookUrl(MIRROR_ID)].sort());
		for (const endpoint of endpoints) {
			assert.equal(endpoint.api_version, 'v2');
			assert.match(String(endpoint.basic_auth_username), /^n8n-/);
			assert.ok(String(endpoint.password).length >= 40);
		}
	});

	it('mirror: deleting an invoice in Chargebee deletes it in ChartMogul', async () => {
		assert.ok([...chartMogulSandbox.invoices.values()].some((invoice) => invoice.external_id === MIRROR_INVOICE));
		const response = await fetch(`${chargebeeSandbox.url}/api/v2/invoices/${MIRROR_INVOICE}/delete`, {
			method: 'POST',
			headers: { Authorization: basic(apiKey(), ''), 'Content-Type': 'application/x-www-form-urlencoded' },
			body: '',
		});
		assert.equal(response.status, 200);
		await chargebeeSandbox.deliveriesSettled();
		assert.deepEqual(chargebeeSandbox.deliveries.map((delivery) => delivery.status), [200]);
		await until('the ChartMogul delete', () => ![...chartMogulSandbox.invoices.values()].some((invoice) => invoice.external_id === MIRROR_INVOICE));
		const deletes = chartMogulSandbox.requests.filter((request) => request.method === 'DELETE');
		assert.deepEqual(deletes.map((request) => request.query), [{ data_source_uuid: DATA_SOURCE, external_id: MIRROR_INVOICE }]);
	});

	it(`Chargebee: ${TOTAL} generated invoices in bursts of ${BURST} start ${TOTAL} executions; forgeries start none`, async () => {
		const endpoint = [...chargebeeSandbox.webhookEndpoints.values()].find((entry) => entry.url === webhookUrl(CHARGEBEE_BURST_ID))!;
		const auth = basic(endpoint.basic_auth_username!, endpoint.password!);
		const url = webhookUrl(CHARGEBEE_BURST_ID);
		const forge = async (body: unknown, authorization?: string) =>
			(
				await fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
					body: JSON.stringify(body),
				})
			).status;
		const forgedStatuses: number[] = [];
		const generatedIds: string[] = [];
		for (let burst = 0; burst < TOTAL / BURST; burst++) {
			const created = await Promise.all(
				Array.from({ length: BURST }, async (_, index) => {
					const id = `cb_burst_${burst}_${index}`;
					const answer = await fetch(`${chargebeeSandbox.url}/api/v2/invoices`, {
						method: 'POST',
						headers: { Authorization: basic(apiKey(), ''), 'Content-Type': 'application/x-www-form-urlencoded' },
						body: new URLSearchParams({ customer_id: 'cust_burst', id }).toString(),
					});
					assert.equal(answer.status, 200);
					return id;
				}),
			);
			generatedIds.push(...created);
			const fake = { id: `ev_forged_${burst}`, event_type: 'invoice_generated', content: { invoice: { id: `cb_forged_${burst}` } } };
			forgedStatuses.push(
				await forge(fake),
				await forge(fake, basic(endpoint.basic_auth_username!, 'guessed')),
				await forge(fake, auth),
			);
			await chargebeeSandbox.deliveriesSettled();
		}
		assert.deepEqual(forgedStatuses, Array.from({ length: TOTAL / BURST }, () => [401, 401, 403]).flat());
		const delivered = chargebeeSandbox.deliveries.filter((delivery) => delivery.url === url);
		assert.equal(delivered.length, TOTAL);
		assert.ok(delivered.every((delivery) => delivery.status === 200));
		await until(`${TOTAL} Chargebee executions`, () => recorded(CHARGEBEE_BURST_ID).length >= TOTAL);
		const items = recorded(CHARGEBEE_BURST_ID) as Array<{ event_type: string; content: { invoice: { id: string } } }>;
		assert.equal(items.length, TOTAL);
		assert.deepEqual(items.map((item) => item.content.invoice.id).sort(), [...generatedIds].sort());
		assert.ok(items.every((item) => item.event_type === 'invoice_generated'));
	});

	/** Posts `body` to the Chargebee trigger of `workflowId` with its registered Basic auth. */
	const deliverChargebee = async (workflowId: string, body: unknown) => {
		const endpoint = [...chargebeeSandbox.webhookEndpoints.values()].find((entry) => entry.url === webhookUrl(workflowId))!;
		const answer = await fetch(webhookUrl(workflowId), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: basic(endpoint.basic_auth_username!, endpoint.password!) },
			body: JSON.stringify(body),
		});
		return { status: answer.status, text: await answer.text() };
	};
	const executed = (eventId: string) => recorded(CHARGEBEE_BURST_ID).filter((item) => (item as { id?: string }).id === eventId).length;

	it('Chargebee: an event delivered twice starts one execution, the second copy answered 200', async () => {
		const event = chargebeeSandbox.recordEvent('invoice_generated', chargebeeSandbox.addInvoice({ id: 'cb_twice_1', customer_id: 'cust_twice' }));
		const first = await deliverChargebee(CHARGEBEE_BURST_ID, event);
		assert.equal(first.status, 200, first.text);
		const second = await deliverChargebee(CHARGEBEE_BURST_ID, event);
		assert.equal(second.status, 200);
		// The trigger's own answer, not n8n's "Workflow was started": nothing started.
		assert.match(second.text, /already delivered: nothing started/);
		// A later event's execution comes after any the second copy could have started.
		const later = chargebeeSandbox.recordEvent('invoice_generated', chargebeeSandbox.addInvoice({ id: 'cb_twice_2', customer_id: 'cust_twice' }));
		assert.equal((await deliverChargebee(CHARGEBEE_BURST_ID, later)).status, 200);
		await until('both events\' executions', () => executed(event.id) >= 1 && executed(later.id) >= 1);
		assert.equal(executed(event.id), 1);
	});

	it('Chargebee: a 5xx echoing the API key reaches neither the 503 answer nor n8n\'s log', async () => {
		const event = chargebeeSandbox.recordEvent('invoice_generated', chargebeeSandbox.addInvoice({ id: 'cb_echo_1', customer_id: 'cust_echo' }));
		echoedPaths.add(`/api/v2/events/${event.id}`);
		const answer = await deliverChargebee(CHARGEBEE_BURST_ID, event);
		assert.equal(answer.status, 503);
		assert.match(answer.text, /Chargebee could not confirm the event/);
		assert.equal(answer.text.includes(apiKey()) || answer.text.includes(keyAsBasic()), false, answer.text);
		// The registration of LEAK_ID's trigger was answered with the same echo (whatever n8n logs
		// about that failed activation, at its level warn).
		assert.ok(chargebeeSandbox.requests.some((request) => request.method === 'POST' && String(request.body.name).includes(LEAK_ID)));
		assert.equal(n8n.log().includes(apiKey()), false);
		assert.equal(n8n.log().includes(keyAsBasic()), false);
		assert.equal(chargebeeSandbox.webhookEndpoints.size, 2);
		// The refused delivery did not count as delivered: Chargebee's next attempt starts the workflow.
		echoedPaths.clear();
		assert.equal((await deliverChargebee(CHARGEBEE_BURST_ID, event)).status, 200);
		await until('the re-sent event\'s execution', () => executed(event.id) === 1);
	});

	it(`HighLevel: ${TOTAL} signed deliveries in bursts of ${BURST} start ${TOTAL} executions; forgeries, replays, repeats and relays from another location start none`, async () => {
		const url = webhookUrl(HIGHLEVEL_ID);
		const invoice = highLevelSandbox.addInvoice({ _id: 'hl_burst', altId: HIGHLEVEL_LOCATION, status: 'paid' });
		// Signed with the same key as the genuine ones: HighLevel's one key signs every app's deliveries.
		const elsewhere = highLevelSandbox.addInvoice({ _id: 'hl_relayed', altId: 'loc_attacker', status: 'paid' });
		const post = async (raw: string, headers: Record<string, string>) =>
			(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: raw })).status;
		const genuineIds: string[] = [];
		const refused: number[] = [];
		for (let burst = 0; burst < TOTAL / BURST; burst++) {
			const bodies = Array.from({ length: BURST }, () => highLevelSandbox.webhookBody('InvoicePaid', invoice));
			const statuses = await Promise.all(bodies.map(async (body) => await highLevelSandbox.deliver(body)));
			assert.deepEqual(statuses, Array(BURST).fill(200));
			genuineIds.push(...bodies.map((body) => String(body.webhookId)));

			const fresh = highLevelSandbox.webhookBody('InvoiceVoid', invoice);
			const raw = JSON.stringify(fresh);
			const signature = highLevelSandbox.sign(raw);
			const stale = JSON.stringify(highLevelSandbox.webhookBody('InvoiceVoid', invoice, new Date(Date.now() - 3_600_000)));
			refused.push(
				await post(raw, {}),
				await post(raw, { 'X-GHL-Signature': Buffer.alloc(64, 1).toString('base64') }),
				await post(raw.replace('"hl_burst"', '"hl_other"'), { 'X-GHL-Signature': signature }),
				await post(stale, { 'X-GHL-Signature': highLevelSandbox.sign(stale) }),
				// A genuine delivery already accepted: acknowledged, nothing started.
				await post(JSON.stringify(bodies[0]), { 'X-GHL-Signature': highLevelSandbox.sign(JSON.stringify(bodies[0])) }),
				// A signed delivery of another location, relayed to this URL.
				await highLevelSandbox.deliver(highLevelSandbox.webhookBody('InvoicePaid', elsewhere)),
			);
		}
		assert.deepEqual(refused, Array.from({ length: TOTAL / BURST }, () => [401, 401, 401, 403, 200, 403]).flat());
		await until(`${TOTAL} HighLevel executions`, () => recorded(HIGHLEVEL_ID).length >= TOTAL);
		const items = recorded(HIGHLEVEL_ID) as Array<{ webhookId: string; type: string; locationId: string }>;
		assert.equal(items.length, TOTAL);
		assert.deepEqual(items.map((item) => item.webhookId).sort(), [...genuineIds].sort());
		assert.ok(items.every((item) => item.type === 'InvoicePaid'));
		assert.ok(items.every((item) => item.locationId === HIGHLEVEL_LOCATION));
	});
});
