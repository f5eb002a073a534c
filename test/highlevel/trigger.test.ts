import { assert, generateKeyPairSync, randomUUID } from '../harness/node';
import { afterEach, beforeEach, describe, it } from '../harness/runner';
import type { IDataObject } from 'n8n-workflow';

import { clock, HIGHLEVEL_WEBHOOK_VERIFIER_SPKI } from '../../nodes/HighLevel/HighLevelTrigger.node';
import { TriggerHarness } from '../harness/webhook';
import { HighLevelSandbox, type HighLevelInvoice } from '../sandbox/highlevel';

const LOCATION = 'loc_trigger_1';
/** The sandbox's token (a test value). */
const TOKEN = `pit-trigger-${7}`;

async function post(url: string, raw: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: raw });
	return { status: response.status, text: await response.text() };
}

describe('HighLevel Invoice Ops Trigger', () => {
	let sandbox: HighLevelSandbox;
	let harness: TriggerHarness;
	let invoice: HighLevelInvoice;
	const realNow = clock.now;

	const start = async (parameters: Record<string, unknown> = {}, extra: { staticData?: IDataObject; workflowId?: string } = {}) => {
		harness = await TriggerHarness.listen({
			node: 'highLevelTrigger',
			parameters: { events: ['InvoiceVoid', 'InvoiceDelete'], locationId: LOCATION, options: { publicKey: sandbox.publicKey }, ...parameters } as never,
			credentials: {},
			workflowId: extra.workflowId ?? `wf-hl-${randomUUID()}`,
			...(extra.staticData ? { staticData: extra.staticData } : {}),
		});
		sandbox.webhookUrl = harness.url;
		await harness.activate();
		return harness;
	};
	/** Signs and posts a body; `tamper` changes the bytes after signing. */
	const send = async (body: Record<string, unknown>, tamper?: (raw: string) => string) => {
		const raw = JSON.stringify(body);
		return await post(harness.url, tamper ? tamper(raw) : raw, { 'X-GHL-Signature': sandbox.sign(raw) });
	};
	/** Signs and posts these exact bytes, as HighLevel would have signed them. */
	const sendRaw = async (raw: string) => await post(harness.url, raw, { 'X-GHL-Signature': sandbox.sign(raw) });

	beforeEach(async () => {
		sandbox = await HighLevelSandbox.start();
		sandbox.tokens.set(TOKEN, LOCATION);
		invoice = sandbox.addInvoice({ _id: 'hl_inv_1', altId: LOCATION, status: 'sent' });
		sandbox.addInvoice({ _id: 'hl_inv_2', altId: LOCATION, status: 'draft' });
	});
	afterEach(async () => {
		clock.now = realNow;
		await harness?.close();
		await sandbox.close();
	});

	describe('genuine deliveries', () => {
		it('an invoice voided in HighLevel starts exactly one execution with the body as sent', async () => {
			await start();
			const voided = await fetch(`${sandbox.url}/invoices/hl_inv_1/void`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${TOKEN}`, Version: '2021-07-28', 'Content-Type': 'application/json' },
				body: JSON.stringify({ altId: LOCATION, altType: 'location' }),
			});
			assert.equal(voided.status, 200);
			await sandbox.deliveriesSettled();
			assert.deepEqual(sandbox.deliveries.map((delivery) => delivery.status), [200]);
			assert.equal(harness.executions.length, 1);
			const [item] = harness.executions[0];
			assert.equal(item.json.type, 'InvoiceVoid');
			assert.equal(item.json._id, 'hl_inv_1');
			assert.equal(item.json.status, 'void');
			assert.equal(item.json.locationId, LOCATION);
			assert.equal(item.json.webhookId, sandbox.deliveries[0].webhookId);
		});

		it('the item is the signed bytes parsed, whatever n8n\'s parser made of the body', async () => {
			await start();
			const body = sandbox.webhookBody('InvoiceDelete', invoice);
			const raw = JSON.stringify(body, null, 2);
			const answer = await harness.deliver({ headers: { 'x-ghl-signature': sandbox.sign(raw) }, rawBody: raw, body: { type: 'InvoiceDelete', injected: true } });
			assert.equal(answer.status, 200);
			assert.deepEqual(harness.executions.map((items) => items.map((entry) => entry.json)), [[body]]);
		});

		it('the key may be given as PEM', async () => {
			const der = Buffer.from(sandbox.publicKey, 'base64');
			const asPem = `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`;
			await start({ options: { publicKey: asPem } });
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice))).status, 200);
			assert.equal(harness.executions.length, 1);
		});

		it('with Public Key empty, HighLevel\'s published key is used: the sandbox\'s signatures are refused', async () => {
			await start({ options: {} });
			assert.equal(Buffer.from(HIGHLEVEL_WEBHOOK_VERIFIER_SPKI, 'base64').length, 44);
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice))).status, 401);
			assert.equal(harness.executions.length, 0);
		});

		it('an event type not selected: 200, nothing starts', async () => {
			await start();
			assert.equal((await send(sandbox.webhookBody('InvoicePaid', invoice))).status, 200);
			assert.equal(harness.executions.length, 0);
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice))).status, 200);
			assert.equal(harness.executions.length, 1);
		});
	});

	describe('forgeries and replays start no execution', () => {
		beforeEach(async () => {
			await start();
		});

		it('no signature, an empty one, a malformed one, a random one: 401', async () => {
			const raw = JSON.stringify(sandbox.webhookBody('InvoiceVoid', invoice));
			assert.equal((await post(harness.url, raw)).status, 401);
			assert.equal((await post(harness.url, raw, { 'X-GHL-Signature': '' })).status, 401);
			assert.equal((await post(harness.url, raw, { 'X-GHL-Signature': 'not base64 at all!' })).status, 401);
			assert.equal((await post(harness.url, raw, { 'X-GHL-Signature': Buffer.alloc(64, 7).toString('base64') })).status, 401);
			assert.equal(harness.executions.length, 0);
		});

		it('a signature made with another key: 401', async () => {
			const other = await HighLevelSandbox.start();
			const raw = JSON.stringify(sandbox.webhookBody('InvoiceVoid', invoice));
			assert.equal((await post(harness.url, raw, { 'X-GHL-Signature': other.sign(raw) })).status, 401);
			await other.close();
			assert.equal(harness.executions.length, 0);
		});

		it('a tampered body: one changed field, re-serialised JSON, an appended byte: 401', async () => {
			const body = sandbox.webhookBody('InvoiceVoid', invoice);
			assert.equal((await send(body, (raw) => raw.replace('"hl_inv_1"', '"hl_inv_2"'))).status, 401);
			assert.equal((await send(body, (raw) => JSON.stringify(JSON.parse(raw), null, 1))).status, 401);
			assert.equal((await send(body, (raw) => `${raw} `)).status, 401);
			assert.equal(harness.executions.length, 0);
		});

		it('a stale timestamp, one in the future, none at all: 403', async () => {
			const now = Date.parse('2026-11-29T12:00:00.000Z');
			clock.now = () => now;
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice, new Date(now - 301_000)))).status, 403);
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice, new Date(now + 301_000)))).status, 403);
			const { timestamp: _timestamp, ...undated } = sandbox.webhookBody('InvoiceVoid', invoice);
			void _timestamp;
			assert.equal((await send(undated)).status, 403);
			assert.equal(harness.executions.length, 0);
			// The window's edge is inside.
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice, new Date(now - 300_000)))).status, 200);
			assert.equal(harness.executions.length, 1);
		});

		it('Replay Window sets the tolerance', async () => {
			await harness.close();
			await start({ options: { publicKey: sandbox.publicKey, maxAgeSeconds: 60 } });
			const now = Date.parse('2026-11-29T12:00:00.000Z');
			clock.now = () => now;
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice, new Date(now - 61_000)))).status, 403);
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice, new Date(now - 59_000)))).status, 200);
		});

		it('a repeated webhookId is acknowledged (200, so HighLevel stops re-sending) and starts nothing, one after another and all at once', async () => {
			const body = sandbox.webhookBody('InvoiceVoid', invoice);
			assert.equal((await send(body)).status, 200);
			const repeat = await send(body);
			assert.equal(repeat.status, 200);
			assert.match(repeat.text, /already delivered: nothing started/);
			assert.equal(harness.executions.length, 1);
			const burst = sandbox.webhookBody('InvoiceDelete', invoice);
			const answers = await Promise.all(Array.from({ length: 20 }, async () => await send(burst)));
			assert.deepEqual(answers.map((answer) => answer.status), Array(20).fill(200));
			assert.equal(answers.filter((answer) => answer.text.includes('already delivered')).length, 19);
			assert.equal(harness.executions.length, 2);
			// A fresh webhookId with an otherwise identical body is a new delivery.
			assert.equal((await send({ ...body, webhookId: randomUUID() })).status, 200);
		});

		it('no webhookId: 403', async () => {
			const { webhookId: _webhookId, ...anonymous } = sandbox.webhookBody('InvoiceVoid', invoice);
			void _webhookId;
			assert.equal((await send(anonymous)).status, 403);
			assert.equal(harness.executions.length, 0);
		});
	});

	describe('Location ID: a delivery signed by HighLevel for another location starts nothing', () => {
		/** A signed body for another sub-account that installed some app with the same key. */
		const relayed = (location = 'loc_attacker') => sandbox.webhookBody('InvoiceVoid', sandbox.addInvoice({ _id: `hl_inv_${location}`, altId: location }));

		it('a relay from another location: 403, no execution, and its webhookId is not used up', async () => {
			await start();
			const relay = relayed();
			const answer = await send(relay);
			assert.equal(answer.status, 403);
			assert.doesNotMatch(answer.text, new RegExp(LOCATION));
			assert.equal(harness.executions.length, 0);
			assert.deepEqual(harness.staticData.seenWebhookIds ?? {}, {});
			assert.equal((await send({ ...sandbox.webhookBody('InvoiceVoid', invoice), webhookId: relay.webhookId })).status, 200);
			assert.equal(harness.executions.length, 1);
		});

		it('several locations separated by commas, typed carelessly (spaces, empty parts, a repeat)', async () => {
			await start({ locationId: ' loc_second ,loc_trigger_1,, loc_second, ' });
			const second = sandbox.addInvoice({ _id: 'hl_inv_second', altId: 'loc_second' });
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice))).status, 200);
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', second))).status, 200);
			assert.equal((await send(relayed())).status, 403);
			assert.deepEqual(harness.executions.map(([item]) => item.json.locationId), [LOCATION, 'loc_second']);
		});

		it('an expression may yield the id or a list of ids', async () => {
			await start({ locationId: `={{ ["loc_other", "${LOCATION}"] }}` });
			assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice))).status, 200);
			assert.equal((await send(relayed('loc_third'))).status, 403);
			assert.equal(harness.executions.length, 1);
		});

		it('the body\'s locationId must be exactly one of them: other case, spaces, a number, a list, an object, none: 403', async () => {
			await start();
			const genuine = sandbox.webhookBody('InvoiceVoid', invoice);
			const { locationId: _locationId, ...unlocated } = genuine;
			void _locationId;
			const variants: Array<Record<string, unknown>> = [
				{ ...genuine, locationId: LOCATION.toUpperCase(), altId: LOCATION.toUpperCase() },
				{ ...genuine, locationId: ` ${LOCATION}`, altId: ` ${LOCATION}` },
				{ ...genuine, locationId: 7 },
				{ ...genuine, locationId: [LOCATION] },
				{ ...genuine, locationId: { id: LOCATION } },
				unlocated,
			];
			for (const body of variants) {
				assert.equal((await send({ ...body, webhookId: randomUUID() })).status, 403, JSON.stringify(body.locationId));
			}
			assert.equal(harness.executions.length, 0);
		});

		it('an altId or altType naming another location than locationId: 403', async () => {
			await start();
			const genuine = sandbox.webhookBody('InvoiceVoid', invoice);
			assert.equal((await send({ ...genuine, altId: 'loc_attacker' })).status, 403);
			assert.equal((await send({ ...genuine, webhookId: randomUUID(), altType: 'company' })).status, 403);
			assert.equal(harness.executions.length, 0);
			assert.equal((await send({ ...genuine, webhookId: randomUUID(), altId: 7 })).status, 403);
			assert.equal(harness.executions.length, 0);
			const { altId: _altId, altType: _altType, ...withoutAlt } = genuine;
			void _altId;
			void _altType;
			assert.equal((await send(withoutAlt)).status, 200);
			assert.equal((await send({ ...genuine, webhookId: randomUUID(), altId: null, altType: null })).status, 200);
			assert.equal(harness.executions.length, 2);
		});

		it('a signed body with locationId twice is judged on the value the item carries (JSON.parse: the last)', async () => {
			await start();
			const [mine, theirs] = [sandbox.webhookBody('InvoiceVoid', invoice), relayed()];
			const twice = (first: string, last: string, webhookId: unknown) =>
				`{"locationId":"${first}",${JSON.stringify({ ...mine, locationId: last, altId: last, webhookId }).slice(1)}`;
			assert.equal((await sendRaw(twice(LOCATION, 'loc_attacker', theirs.webhookId))).status, 403);
			assert.equal(harness.executions.length, 0);
			assert.equal((await sendRaw(twice('loc_attacker', LOCATION, mine.webhookId))).status, 200);
			assert.deepEqual(harness.executions.map(([item]) => item.json.locationId), [LOCATION]);
		});

		it('a Location ID that cannot be used at delivery time (e.g. an expression now yielding nothing) refuses everything', async () => {
			// Not activated: n8n would have refused the activation; the delivery must not fall back to "any location".
			for (const locationId of ['', ' , ', null, '={{ $vars.nothing }}']) {
				harness = await TriggerHarness.listen({
					node: 'highLevelTrigger',
					parameters: { events: ['InvoiceVoid'], locationId, options: { publicKey: sandbox.publicKey } } as never,
					credentials: {},
					workflowId: `wf-hl-${randomUUID()}`,
				});
				assert.equal((await send(sandbox.webhookBody('InvoiceVoid', invoice))).status, 403, String(locationId));
				assert.equal(harness.executions.length, 0);
				await harness.close();
			}
		});
	});

	describe('replay memory', () => {
		it('lives in the workflow\'s static data: a restarted n8n (new process memory) still starts nothing for a seen id', async () => {
			await start();
			const body = sandbox.webhookBody('InvoiceVoid', invoice);
			assert.equal((await send(body)).status, 200);
			const stored = JSON.parse(JSON.stringify(harness.staticData)) as IDataObject;
			assert.deepEqual(Object.keys((stored as { seenWebhookIds: object }).seenWebhookIds), [body.webhookId]);
			await harness.close();
			// Another workflow id: nothing in this process's memory for it, only the static data.
			await start({}, { staticData: { [`node:${harness.node.name}`]: stored } });
			const repeat = await send(body);
			assert.equal(repeat.status, 200);
			assert.match(repeat.text, /already delivered/);
			assert.equal(harness.executions.length, 0);
		});

		it('forgets ids once their window has passed, so it stays bounded', async () => {
			await start();
			let now = Date.parse('2026-11-29T12:00:00.000Z');
			clock.now = () => now;
			const first = sandbox.webhookBody('InvoiceVoid', invoice, new Date(now));
			assert.equal((await send(first)).status, 200);
			now += 301_000;
			const second = sandbox.webhookBody('InvoiceVoid', invoice, new Date(now));
			assert.equal((await send(second)).status, 200);
			assert.deepEqual(Object.keys((harness.staticData as { seenWebhookIds: object }).seenWebhookIds), [second.webhookId]);
			// The first id is now refused for its timestamp, not by memory.
			assert.equal((await send(first)).status, 403);
		});
	});

	describe('activation', () => {
		it('refuses a Public Key that is not an Ed25519 public key, naming the option', async () => {
			const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
			for (const publicKey of ['not a key', rsa]) {
				harness = new TriggerHarness({ node: 'highLevelTrigger', parameters: { events: ['InvoiceVoid'], locationId: LOCATION, options: { publicKey } }, credentials: {} });
				await assert.rejects(harness.activate(), /The Public Key is/);
			}
		});

		it('refuses an empty Location ID (workflows saved before it was required), saying why and where to find it', async () => {
			const emptyValues: unknown[] = [undefined, '', '   ', ' , ,', null, '={{ $vars.nothing }}', '={{ (() => { throw new Error("unset") })() }}'];
			for (const locationId of emptyValues) {
				harness = new TriggerHarness({
					node: 'highLevelTrigger',
					parameters: { events: ['InvoiceVoid'], ...(locationId === undefined ? {} : { locationId }) } as never,
					credentials: {},
				});
				const failure = await harness.activate().then(
					() => assert.fail(`activated with Location ID ${String(locationId)}`),
					(error: Error & { description?: string }) => error,
				);
				assert.equal(failure.name, 'NodeOperationError', String(locationId));
				assert.match(failure.message, /Location ID/);
				assert.match(String(failure.description), /relay/);
				assert.match(String(failure.description), /Settings > Business Profile/);
			}
		});

		it('refuses a Location ID that is not a list of location ids, naming the part', async () => {
			const typos = [
				['https://app.gohighlevel.com/v2/location/abc/dashboard', /"https:\/\/app/],
				['loc_a loc_b', /"loc_a loc_b"/],
				['loc_a;loc_b', /"loc_a;loc_b"/],
				[`${LOCATION},undefined`, /"undefined"/],
				['*', /"\*"/],
			] as const;
			for (const [locationId, part] of typos) {
				harness = new TriggerHarness({ node: 'highLevelTrigger', parameters: { events: ['InvoiceVoid'], locationId }, credentials: {} });
				await assert.rejects(harness.activate(), part);
			}
			harness = new TriggerHarness({ node: 'highLevelTrigger', parameters: { events: ['InvoiceVoid'], locationId: ` ${LOCATION}, loc_b ` }, credentials: {} });
			assert.deepEqual(await harness.activate(), { existed: true });
		});

		it('refuses a Replay Window that is not a number in range', async () => {
			for (const maxAgeSeconds of ['abc', 0, 100_000]) {
				harness = new TriggerHarness({ node: 'highLevelTrigger', parameters: { events: ['InvoiceVoid'], locationId: LOCATION, options: { maxAgeSeconds } } as never, credentials: {} });
				await assert.rejects(harness.activate(), /maxAgeSeconds/);
			}
		});
	});
});
