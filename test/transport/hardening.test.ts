import type { IDataObject } from 'n8n-workflow';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { networkCodeOf } from '../../nodes/shared/transport';
import { isRetryable, mayHaveBeenApplied } from '../../nodes/shared/retry';
import { REFUSED_URL } from '../../credentials/baseUrl';
import { credentialTestRequest } from '../harness/credential-test';
import { runNode, type RunNodeResult } from '../harness/engine';
import { tokenCredential as highLevelToken, TOKEN, LOCATION } from '../highlevel/setup';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { ChartMogulSandbox } from '../sandbox/chartmogul';
import { FatoraSandbox } from '../sandbox/fatora';
import { HighLevelSandbox } from '../sandbox/highlevel';
import { Sandbox } from '../sandbox/server';
import { LOOKUP_THEN_DELETE, testNodeTypes } from './test-nodes';

const FAST = { retryBaseDelayMs: 1 };

type ErrorJson = { message: string; httpStatus: number | null; code: unknown };

/** Everything a run produced that a user or a log could see. */
const visible = (result: RunNodeResult) =>
	JSON.stringify({ items: result.items, message: result.error?.message, description: result.error?.description });

describe('Hardening: what the node reports is what happened, and keys stay home', () => {
	let chargebee: ChargebeeSandbox;
	let highLevel: HighLevelSandbox;
	let chartMogul: ChartMogulSandbox;
	let fatora: FatoraSandbox;
	/** Another host: whatever reaches it left the credential's own host. */
	let elsewhere: Sandbox;

	before(async () => {
		chargebee = await ChargebeeSandbox.start();
		highLevel = await HighLevelSandbox.start();
		highLevel.tokens.set(TOKEN, LOCATION);
		chartMogul = await ChartMogulSandbox.start();
		fatora = await FatoraSandbox.start();
		elsewhere = await Sandbox.start(() => ({ status: 200, text: '<html>welcome</html>' }));
	});
	after(async () => {
		for (const sandbox of [chargebee, highLevel, chartMogul, fatora, elsewhere]) await sandbox.close();
	});
	beforeEach(() => {
		for (const sandbox of [chargebee, highLevel, chartMogul, fatora]) {
			sandbox.requests.length = 0;
			sandbox.server.faultFunction = undefined;
		}
		chargebee.invoices.clear();
		chargebee.applied.clear();
		elsewhere.requests.length = 0;
	});

	const chargebeeRun = (parameters: IDataObject, items?: IDataObject[], continueOnFail = false) =>
		runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: chargebee.credentials() },
			items,
			continueOnFail,
		});

	const redirectTo = (status: number) => ({
		kind: 'reply' as const,
		reply: { status, headers: { Location: `${elsewhere.url}/landing?token=abc` }, body: {} },
	});

	describe('redirects are refused, never followed', () => {
		for (const status of [301, 302, 303, 307, 308]) {
			it(`a Chargebee void answered ${status} fails naming the redirect's host; nothing reaches it`, async () => {
				chargebee.addInvoice({ id: 'inv_r' });
				chargebee.server.inject(redirectTo(status));
				const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_r' });

				assert.equal(result.items.length, 0);
				assert.equal(
					result.error!.message,
					`Chargebee did not void invoice "inv_r": it answered with a redirect (HTTP ${status}) to ${new URL(elsewhere.url).host}, which the node does not follow`,
				);
				assert.doesNotMatch(visible(result), /landing|token=abc/, 'only the host is named');
				assert.equal(elsewhere.requests.length, 0, 'no request, and no credential, went to the other host');
				assert.equal(chargebee.requests.length, 1, 'a redirect is not retried');
			});
		}

		it('a HighLevel void answered 302 is refused: the Bearer token never reaches the other host', async () => {
			highLevel.addInvoice({ _id: 'inv_h', altId: LOCATION });
			highLevel.server.inject(redirectTo(302));
			const result = await runNode({
				node: 'highLevel',
				parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_h' } as never,
				credentials: { invoiceOpsHighLevelApi: highLevelToken(highLevel) },
				continueOnFail: true,
			});

			const item = result.items[0].json as { outcome: string; error: ErrorJson };
			assert.equal(item.outcome, 'failed');
			assert.equal(item.error.httpStatus, 302);
			assert.equal(item.error.code, 'redirect_refused');
			assert.equal(elsewhere.requests.length, 0);
		});

		it("Fatora's Authorize answered 302 mints no token and sends the API key nowhere else", async () => {
			fatora.server.inject(redirectTo(302));
			const result = await runNode({
				node: 'fatora',
				parameters: { resource: 'invoice', operation: 'get', invoiceId: '1' } as never,
				credentials: { invoiceOpsFatoraApi: fatora.credentials() },
			});

			assert.match(result.error!.message, /Authorize endpoint answered with a redirect \(HTTP 302\) to 127\.0\.0\.1:\d+, which is never followed/);
			assert.equal(elsewhere.requests.length, 0);
			assert.equal(fatora.invoiceRequests.length, 0, 'no invoice request without a token');
		});

		it('every credential test request refuses redirects', async () => {
			const cases: Array<[string, IDataObject]> = [
				['invoiceOpsChargebeeApi', chargebee.credentials()],
				['invoiceOpsChartMogulApi', chartMogul.credentials()],
				['invoiceOpsHighLevelApi', highLevelToken(highLevel)],
				['invoiceOpsFatoraApi', fatora.credentials()],
			];
			for (const [type, data] of cases) {
				const { request } = await credentialTestRequest(type, data as never);
				assert.equal(request.disableFollowRedirect, true, type);
			}
		});
	});

	describe('a 2xx counts only when it is the provider\'s answer about this invoice', () => {
		it('a void answered 200 with a web page is an error that says the answer was not understood', async () => {
			chargebee.addInvoice({ id: 'inv_page' });
			chargebee.server.inject({ kind: 'reply', reply: { status: 200, text: '<html>Welcome to our portal</html>' } });
			const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_page' }, undefined, true);

			const item = result.items[0].json as { success: boolean; outcome: string; error: ErrorJson };
			assert.equal(item.success, false);
			assert.equal(item.outcome, 'failed');
			assert.match(item.error.message, /Chargebee's answer to void invoice "inv_page" could not be understood: HTTP 200 with a body that is not JSON/);
			assert.equal(item.error.code, 'unexpected_answer');
		});

		it('a void answered with another invoice, or with this one not voided, is not reported voided', async () => {
			chargebee.addInvoice({ id: 'inv_mine' });
			chargebee.server.inject(
				{ kind: 'reply', reply: { status: 200, body: { invoice: { id: 'inv_other', status: 'voided' } } } },
				{ kind: 'reply', reply: { status: 200, body: { invoice: { id: 'inv_mine', status: 'payment_due' } } } },
			);
			const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_mine' }, [{}, {}], true);

			const [other, notVoided] = result.items.map((item) => item.json as { outcome: string; error: ErrorJson });
			assert.equal(other.outcome, 'failed');
			assert.match(other.error.message, /could not be understood: it did not return this invoice/);
			assert.equal(notVoided.outcome, 'failed');
			assert.match(notVoided.error.message, /could not be understood: the invoice it returned is not voided/);
		});

		it('a HighLevel delete answered 200 about another invoice is not reported deleted', async () => {
			highLevel.addInvoice({ _id: 'inv_hd', altId: LOCATION, status: 'draft' });
			highLevel.server.inject({ kind: 'reply', reply: { status: 200, body: { _id: 'inv_else', status: 'draft' } } });
			const result = await runNode({
				node: 'highLevel',
				parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'inv_hd' } as never,
				credentials: { invoiceOpsHighLevelApi: highLevelToken(highLevel) },
			});
			assert.match(result.error!.message, /HighLevel's answer to delete invoice "inv_hd" could not be understood: it did not return this invoice/);
		});
	});

	describe('text booleans and numbers from expressions never fail open', () => {
		for (const text of ['true', 'TRUE', ' True ']) {
			it(`Dry Run given as the text ${JSON.stringify(text)} writes nothing`, async () => {
				chargebee.addInvoice({ id: 'inv_dry' });
				const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_dry', options: { dryRun: text } });

				assert.equal(result.error, undefined, result.error?.message);
				assert.equal(result.items[0].json.outcome, 'would_void');
				assert.equal(result.items[0].json.dryRun, true);
				assert.deepEqual(chargebee.writes, []);
			});
		}

		it('Claim Credits given as the text "false" sends no claim_credits', async () => {
			chargebee.addInvoice({ id: 'inv_cc' });
			const result = await chargebeeRun({ operation: 'delete', invoiceId: 'inv_cc', claimCredits: 'false' });

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(chargebee.writes[0].body.claim_credits, undefined);
		});

		it('suppress options given as the text "true" suppress', async () => {
			chargebee.addInvoice({ id: 'inv_sup' });
			const options = { suppressEmails: 'true', suppressWebhooks: 'TRUE', suppressEventActions: 'false' };
			const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_sup', options });

			assert.equal(result.error, undefined, result.error?.message);
			const { headers } = chargebee.writes[0];
			assert.equal(headers['chargebee-event-email'], 'all-disabled');
			assert.equal(headers['chargebee-event-webhook'], 'all-disabled');
			assert.equal(headers['chargebee-event-actions'], undefined);
		});

		const refusals: Array<[IDataObject, RegExp]> = [
			[{ operation: 'void', options: { dryRun: 'yes' } }, /The parameter "Dry Run" must be true or false \(got "yes"\)/],
			[{ operation: 'void', options: { dryRun: null } }, /The parameter "Dry Run" must be true or false \(got null\)/],
			[{ operation: 'void', options: { succeedIfAlreadyDone: 1 } }, /"Succeed If Already Done" must be true or false/],
			[{ operation: 'delete', claimCredits: 'no' }, /"Claim Credits" must be true or false/],
			[{ operation: 'void', options: { suppressEmails: 'on' } }, /"Suppress Emails" must be true or false/],
			[{ operation: 'void', options: { maxAttempts: 'many' } }, /"Max Attempts" must be a number/],
			[{ operation: 'void', options: { timeout: 1e12 } }, /"Timeout \(Ms\)" must be between 1 and 300000/],
		];
		for (const [parameters, message] of refusals) {
			it(`refuses ${JSON.stringify(parameters)} before any request, naming the parameter`, async () => {
				chargebee.addInvoice({ id: 'inv_bad' });
				const result = await chargebeeRun({ invoiceId: 'inv_bad', ...parameters }, undefined, true);

				const item = result.items[0].json as { outcome: string; invoiceId: string; error: ErrorJson };
				assert.equal(item.outcome, 'failed');
				assert.match(item.error.message, message);
				assert.equal(item.invoiceId, 'inv_bad', 'the refused item still names its invoice');
				assert.equal(chargebee.requests.length, 0);
			});
		}

		it('numeric text is a number: Max Attempts "2" makes two attempts', async () => {
			chargebee.addInvoice({ id: 'inv_n' });
			chargebee.server.inject({ kind: 'reply', reply: { status: 503, body: {} } }, { kind: 'reply', reply: { status: 503, body: {} } });
			const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_n', options: { maxAttempts: '2', ...FAST } }, undefined, true);
			assert.equal(result.items[0].json.attempts, 2);
		});

		it('Concurrency outside its range fails the run before any request', async () => {
			chargebee.addInvoice({ id: 'inv_c' });
			const result = await chargebeeRun({ operation: 'void', invoiceId: 'inv_c', options: { concurrency: 500 } });
			assert.match(result.error!.message, /"Concurrency" must be between 0 and 50 \(got 500\)/);
			assert.equal(chargebee.requests.length, 0);
		});
	});

	describe('a stopping failure keeps the record of what the run changed', () => {
		it('lists every invoice changed before the stop, and the items not started', async () => {
			const ids = ['inv_s0', 'inv_s1', 'inv_s2', 'inv_s3', 'inv_s4', 'inv_s5'];
			for (const id of ids) if (id !== 'inv_s2') chargebee.addInvoice({ id });
			const result = await chargebeeRun(
				{ operation: 'void', invoiceId: '={{ $json.id }}', options: { concurrency: 1 } },
				ids.map((id) => ({ id })),
			);

			assert.equal(result.items.length, 0, 'n8n drops the outputs of a failing node');
			assert.match(result.error!.message, /could not void invoice "inv_s2"/);
			assert.match(
				result.error!.description!,
				/Changes made in this run before it stopped \(2\): item 0: invoice "inv_s0" voided; item 1: invoice "inv_s1" voided\./,
			);
			assert.match(result.error!.description!, /Not started: 3 of 6 items \(from item 3\)\./);
			assert.deepEqual([...chargebee.applied.keys()], ['inv_s0', 'inv_s1']);
		});

		it('lets the items in flight finish, and lists their changes too', async () => {
			const ids = ['inv_f0', 'inv_f1', 'inv_f2', 'inv_f3'];
			for (const id of ids) if (id !== 'inv_f0') chargebee.addInvoice({ id });
			chargebee.server.faultFunction = (request) => (request.url.includes('inv_f0') ? undefined : { kind: 'delay', ms: 50 });
			const result = await chargebeeRun(
				{ operation: 'void', invoiceId: '={{ $json.id }}', options: { concurrency: 3 } },
				ids.map((id) => ({ id })),
			);

			assert.match(result.error!.message, /could not void invoice "inv_f0"/);
			assert.match(result.error!.description!, /item 1: invoice "inv_f1" voided; item 2: invoice "inv_f2" voided/);
			assert.match(result.error!.description!, /Not started: 1 of 4 items \(from item 3\)/);
			assert.deepEqual([...chargebee.applied.keys()].sort(), ['inv_f1', 'inv_f2']);
		});
	});

	describe('secrets a provider echoes never reach a message or an item', () => {
		it('redacts the key, its Basic form and secret-shaped values, and caps the text', async () => {
			const basic = Buffer.from(`${chargebee.apiKey}:`).toString('base64');
			const echo = `Headers received: Authorization: Basic ${basic}; api_key=${chargebee.apiKey}; X-Other: Bearer tok-unknown-123456 ${'x'.repeat(900)}`;
			chargebee.server.inject({ kind: 'reply', reply: { status: 400, body: { message: echo, api_error_code: chargebee.apiKey } } });
			const result = await chargebeeRun({ operation: 'get', invoiceId: 'inv_e' }, undefined, true);

			const seen = visible(result);
			assert.ok(!seen.includes(chargebee.apiKey), 'no API key');
			assert.ok(!seen.includes(basic), 'no Basic form');
			assert.ok(!seen.includes('tok-unknown-123456'), 'no Bearer value, even one the node does not know');
			const message = (result.items[0].json.error as ErrorJson).message;
			assert.match(message, /Authorization: Basic \[redacted\]/);
			assert.ok(message.length < 700, `capped (${message.length})`);
		});

		it("redacts a HighLevel token echoed in a 200 answer's fields", async () => {
			highLevel.addInvoice({ _id: 'inv_echo', altId: LOCATION, title: `sent with ${TOKEN}` } as never);
			const result = await runNode({
				node: 'highLevel',
				parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_echo' } as never,
				credentials: { invoiceOpsHighLevelApi: highLevelToken(highLevel) },
			});
			assert.equal(result.error, undefined, result.error?.message);
			assert.ok(!visible(result).includes(TOKEN));
			assert.equal((result.items[0].json.response as IDataObject).title, 'sent with [redacted]');
		});
	});

	describe('plain http only to this machine', () => {
		for (const baseUrl of ['http://chargebee.example.com', 'http://10.0.0.7:8080', 'http://127.0.0.1.nip.io']) {
			it(`refuses ${baseUrl} before any request`, async () => {
				const result = await runNode({
					node: 'chargebee',
					parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' } as never,
					credentials: { invoiceOpsChargebeeApi: chargebee.credentials({ baseUrl }) },
				});
				assert.match(result.error!.message, /must use https .*plain http is allowed only for localhost, 127\.0\.0\.0\/8 and ::1/);
			});
		}

		it('keeps credential tests on the credential\'s own host', async () => {
			const crafted: Array<[string, IDataObject]> = [
				['invoiceOpsChargebeeApi', { site: 'evil.example/x#', apiKey: 'k', baseUrl: '' }],
				['invoiceOpsChargebeeApi', { site: 'acme', apiKey: 'k', baseUrl: 'http://evil.example' }],
				['invoiceOpsChartMogulApi', { apiKey: 'k', baseUrl: 'http://evil.example' }],
				['invoiceOpsHighLevelApi', { privateIntegrationToken: 'k', locationId: 'l', baseUrl: 'https://evil.example/path' }],
				['invoiceOpsFatoraApi', { apiKey: 'k', baseUrl: 'http://evil.example' }],
			];
			for (const [type, data] of crafted) {
				const { request } = await credentialTestRequest(type, data as never);
				assert.ok(request.url.startsWith(REFUSED_URL), `${type} ${JSON.stringify(data)}: ${request.url}`);
			}
			const { request } = await credentialTestRequest('invoiceOpsChargebeeApi', { site: 'acme-test', apiKey: 'k', baseUrl: '' });
			assert.equal(request.url, 'https://acme-test.chargebee.com/api/v2/invoices');
		});
	});

	describe("Chargebee's header options", () => {
		const refused: Array<[IDataObject, RegExp]> = [
			[{ originUser: 'zoë@example.com' }, /"Origin User" may hold only printable ASCII.*/],
			[{ businessEntityId: 'be_1\r\nX-Injected: 1' }, /"Business Entity ID" may hold only printable ASCII/],
			[{ originDevice: 'phone\u0000' }, /"Origin Device" may hold only printable ASCII/],
			[{ originUserEncoded: 'zoë@exam\u0007ple.com' }, /"Origin User \(UTF-8\)" may not hold line breaks or control characters/],
		];
		for (const [options, message] of refused) {
			it(`refuses ${JSON.stringify(options)} before any request`, async () => {
				const result = await chargebeeRun({ operation: 'get', invoiceId: 'inv_h', options }, undefined, true);
				assert.match((result.items[0].json.error as ErrorJson).message, message);
				assert.equal(chargebee.requests.length, 0);
			});
		}

		it('refuses an Idempotency Key that repeats across items, from the second item on', async () => {
			for (const id of ['inv_k0', 'inv_k1']) chargebee.addInvoice({ id });
			const result = await chargebeeRun(
				{ operation: 'void', invoiceId: '={{ $json.id }}', options: { idempotencyKey: 'same-for-all', concurrency: 1 } },
				[{ id: 'inv_k0' }, { id: 'inv_k1' }],
				true,
			);

			assert.equal(result.items[0].json.outcome, 'voided');
			const second = result.items[1].json as { outcome: string; error: ErrorJson };
			assert.equal(second.outcome, 'failed');
			assert.match(second.error.message, /The Idempotency Key "same-for-all" is the same as item 0's/);
			assert.equal(chargebee.writes.length, 1);
		});
	});

	describe('paging never loops', () => {
		it("stops with a clear error when ChartMogul's cursor repeats", async () => {
			chartMogul.addInvoice({ uuid: 'inv_p1', customer_uuid: 'cus_loop', data_source_uuid: 'ds_1' } as never);
			const page = { status: 200, body: { invoices: [{ uuid: 'inv_p1' }], cursor: 'c1', has_more: true } };
			chartMogul.server.faultFunction = (request) => (request.method === 'GET' ? { kind: 'reply', reply: page } : undefined);
			const result = await runNode({
				node: 'chartMogul',
				parameters: {
					resource: 'invoice',
					operation: 'deleteAllForCustomer',
					dataSourceUuid: 'ds_1',
					customerUuid: 'cus_loop',
					options: { dryRun: true },
				} as never,
				credentials: { invoiceOpsChartMogulApi: chartMogul.credentials() },
			});

			assert.match(result.error!.message, /answered page 2 of the invoice list with a next page position it had already given \(c1\)/);
			assert.equal(chartMogul.requests.length, 2);
		});
	});

	describe('network failures of Node\'s fetch stack (undici) are classified like their classic twins', () => {
		it('finds the code in the cause chain and retries it', () => {
			for (const code of ['UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']) {
				const thrown = new Error('fetch failed', { cause: Object.assign(new Error('other side closed'), { code }) });
				assert.equal(networkCodeOf(thrown), code);
				assert.equal(isRetryable({ statusCode: null, networkCode: code }), true, code);
			}
			assert.equal(mayHaveBeenApplied({ statusCode: null, networkCode: 'UND_ERR_SOCKET' }), true);
			assert.equal(mayHaveBeenApplied({ statusCode: null, networkCode: 'UND_ERR_HEADERS_TIMEOUT' }), true);
			assert.equal(mayHaveBeenApplied({ statusCode: null, networkCode: 'UND_ERR_CONNECT_TIMEOUT' }), false, 'nothing left');
		});
	});

	describe('an unclear attempt is tracked per request', () => {
		it('a retried read before the write does not turn the write\'s 404 into "done"', async () => {
			chargebee.addInvoice({ id: 'inv_lk' });
			// The lookup's first attempt is reset (unclear), its retry reads the invoice; the delete
			// itself is then refused 404 on its first and only attempt.
			chargebee.server.inject({ kind: 'reset' });
			chargebee.server.faultFunction = (request) =>
				request.method === 'POST' ? { kind: 'reply', reply: { status: 404, body: { message: 'gone?', api_error_code: 'resource_not_found' } } } : undefined;
			const result = await runNode({
				node: LOOKUP_THEN_DELETE,
				parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'inv_lk', options: FAST } as never,
				credentials: { invoiceOpsChargebeeApi: chargebee.credentials() },
				extraNodeTypes: testNodeTypes,
				continueOnFail: true,
			});

			const item = result.items[0].json as { outcome: string; attempts: number; error: ErrorJson };
			assert.equal(item.outcome, 'failed', 'the delete was refused on its own first attempt');
			assert.equal(item.attempts, 3);
			assert.doesNotMatch(item.error.message, /earlier attempt/);
		});
	});

	describe('parameters are read inside each item', () => {
		it('a bad option of one item fails that item only, with Continue On Fail', async () => {
			for (const id of ['inv_o0', 'inv_o1']) chargebee.addInvoice({ id });
			const result = await chargebeeRun(
				{ operation: 'void', invoiceId: '={{ $json.id }}', options: { dryRun: '={{ $json.dry }}' } },
				[{ id: 'inv_o0', dry: false }, { id: 'inv_o1', dry: 'maybe' }],
				true,
			);

			assert.equal(result.items.length, 2);
			assert.equal(result.items[0].json.outcome, 'voided');
			assert.equal(result.items[1].json.outcome, 'failed');
			assert.match((result.items[1].json.error as ErrorJson).message, /"Dry Run" must be true or false \(got "maybe"\)/);
			assert.deepEqual([...chargebee.applied.keys()], ['inv_o0']);
		});
	});

	describe('credentials with expressions', () => {
		it("every item uses the first item's credential: host and key together, never mixed", async () => {
			const other = await ChargebeeSandbox.start('other_site_key_99');
			try {
				for (const sandbox of [chargebee, other]) for (const id of ['inv_x0', 'inv_x1']) sandbox.addInvoice({ id });
				const result = await runNode({
					node: 'chargebee',
					parameters: { resource: 'invoice', operation: 'get', invoiceId: '={{ $json.id }}' } as never,
					credentials: {
						invoiceOpsChargebeeApi: { site: 'acme', apiKey: '={{ $json.key }}', baseUrl: '={{ $json.base }}' },
					},
					items: [
						{ id: 'inv_x0', key: chargebee.apiKey, base: chargebee.url },
						{ id: 'inv_x1', key: other.apiKey, base: other.url },
					],
				});

				assert.equal(result.error, undefined, result.error?.message);
				assert.equal(chargebee.requests.length, 2, "both went to the first item's host");
				assert.equal(other.requests.length, 0);
				for (const request of chargebee.requests) {
					assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${chargebee.apiKey}:`).toString('base64')}`);
				}
			} finally {
				await other.close();
			}
		});
	});
});
