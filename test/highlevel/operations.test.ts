import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { assertAuditFields, assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import { API_VERSION, HighLevelSandbox, type HighLevelStatus } from '../sandbox/highlevel';
import { LOCATION, OTHER_LOCATION, TOKEN, WRONG_TOKEN, runWithToken, tokenCredential } from './setup';

describe('HighLevel node with a Private Integration Token, in the n8n engine', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.clear();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	const run = (parameters: Record<string, unknown>, options: Parameters<typeof runWithToken>[2] = {}) =>
		runWithToken(sandbox, parameters, options);

	it('voids an invoice: POST /invoices/{id}/void with JSON altId and altType, in the contract shape', async () => {
		sandbox.addInvoice({ _id: 'inv_1', altId: LOCATION });
		const result = await run({ operation: 'void', invoiceId: 'inv_1' });

		assert.equal(result.error, undefined);
		const [item] = result.items;
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(item.json.provider, 'highLevel');
		assert.equal(item.json.operation, 'void');
		assert.equal(item.json.invoiceId, 'inv_1');
		assert.equal(item.json.success, true);
		assert.equal(item.json.outcome, 'voided');
		assert.equal(item.json.dryRun, false);
		assert.equal(item.json.attempts, 1);
		assertAuditFields(result, item.json);
		assert.equal((item.json.response as { status: string }).status, 'void');

		assert.equal(sandbox.invoices.get('inv_1')!.status, 'void');
		const [request] = sandbox.requests;
		assert.equal(request.method, 'POST');
		assert.equal(request.url, '/invoices/inv_1/void');
		assert.match(String(request.headers['content-type']), /application\/json/);
		assert.deepEqual(request.body, { altId: LOCATION, altType: 'location' });
		assert.equal(request.headers.version, API_VERSION);
		assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
		assertNoSecret(result, TOKEN);
	});

	it('deletes an invoice: DELETE /invoices/{id}?altId=&altType=location without a body', async () => {
		sandbox.addInvoice({ _id: 'inv_d', altId: LOCATION, status: 'draft' });
		const result = await run({ operation: 'delete', invoiceId: 'inv_d' });

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'deleted');
		assert.equal((result.items[0].json.response as { _id: string })._id, 'inv_d');
		assert.equal(sandbox.invoices.has('inv_d'), false);
		const [request] = sandbox.requests;
		assert.equal(request.method, 'DELETE');
		assert.equal(request.url, `/invoices/inv_d?altId=${LOCATION}&altType=location`);
		assert.equal(request.rawBody, '');
		assert.equal(request.headers.version, API_VERSION);
	});

	it('gets an invoice: GET /invoices/{id}?altId=&altType=location', async () => {
		sandbox.addInvoice({ _id: 'inv_g', altId: LOCATION, status: 'paid', amountPaid: 999, amountDue: 0 });
		const result = await run({ operation: 'get', invoiceId: 'inv_g' });

		assert.equal(result.items[0].json.outcome, 'fetched');
		assert.equal((result.items[0].json.response as { status: string }).status, 'paid');
		assert.equal(sandbox.requests[0].method, 'GET');
		assert.equal(sandbox.requests[0].url, `/invoices/inv_g?altId=${LOCATION}&altType=location`);
	});

	it('uses the Location ID parameter over the credential, per item through an expression', async () => {
		sandbox.tokens.set(TOKEN, OTHER_LOCATION);
		sandbox.addInvoice({ _id: 'inv_o', altId: OTHER_LOCATION });
		const result = await run(
			{ operation: 'void', invoiceId: '={{ $json.id }}', altId: '={{ $json.location }}' },
			{ items: [{ id: 'inv_o', location: OTHER_LOCATION }] },
		);

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'voided');
		assert.deepEqual(sandbox.requests[0].body, { altId: OTHER_LOCATION, altType: 'location' });
	});

	it('refuses a missing location before any request, naming the parameter', async () => {
		sandbox.addInvoice({ _id: 'inv_1', altId: LOCATION });
		for (const operation of ['void', 'delete', 'get']) {
			const result = await run({ operation, invoiceId: 'inv_1' }, { credential: tokenCredential(sandbox, { locationId: '  ' }) });
			assert.ok(result.error, operation);
			assert.match(result.error.message, /No HighLevel location: the parameter "Location ID" is empty/);
		}
		const dryRun = await run(
			{ operation: 'void', invoiceId: 'inv_1', options: { dryRun: true } },
			{ credential: tokenCredential(sandbox, { locationId: '' }) },
		);
		assert.match(dryRun.error!.message, /"Location ID" is empty/, 'a dry run fails the same way');
		assert.equal(sandbox.requests.length, 0);
	});

	it('refuses an Alt Type other than location before any request', async () => {
		const result = await run({ operation: 'get', invoiceId: 'inv_1', altType: '={{ "company" }}' });
		assert.match(result.error!.message, /"Alt Type" is "company"; HighLevel accepts only "location"/);
		assert.equal(sandbox.requests.length, 0);
	});

	const refusals: Array<[HighLevelStatus, string]> = [
		['draft', 'void'],
		['paid', 'void'],
		['void', 'void'],
		['payment_processing', 'void'],
		['paid', 'delete'],
		['partially_paid', 'delete'],
		['payment_processing', 'delete'],
	];
	for (const [status, operation] of refusals) {
		it(`fails clearly on ${operation} of a ${status} invoice, naming provider, invoice and reason`, async () => {
			sandbox.addInvoice({ _id: `inv_${status}`, altId: LOCATION, status });
			const before = JSON.stringify(sandbox.invoices.get(`inv_${status}`));
			const result = await run({ operation, invoiceId: `inv_${status}` });

			assert.ok(result.error, 'the node fails');
			const verb = operation === 'void' ? 'voided' : 'deleted';
			assert.equal(
				result.error.message,
				`HighLevel could not ${operation} invoice "inv_${status}": Invoice in ${status} status cannot be ${verb} (400, HTTP 400)`,
			);
			assert.equal(JSON.stringify(sandbox.invoices.get(`inv_${status}`)), before, 'the invoice is unchanged');
		});
	}

	it('voids sent and partially paid invoices and deletes draft, sent and void ones', async () => {
		const cases: Array<[string, HighLevelStatus, string]> = [
			['v_sent', 'sent', 'void'],
			['v_part', 'partially_paid', 'void'],
			['d_draft', 'draft', 'delete'],
			['d_sent', 'sent', 'delete'],
			['d_void', 'void', 'delete'],
		];
		for (const [id, status, operation] of cases) {
			sandbox.addInvoice({ _id: id, altId: LOCATION, status });
			const result = await run({ operation, invoiceId: id });
			assert.equal(result.error, undefined, `${operation} of ${status}`);
			assert.equal(sandbox.applied.get(id), 1);
		}
	});

	it('is refused when the invoice belongs to another location (altId not the invoice\'s)', async () => {
		sandbox.tokens.set(TOKEN, LOCATION);
		sandbox.addInvoice({ _id: 'inv_elsewhere', altId: OTHER_LOCATION });
		const result = await run({ operation: 'void', invoiceId: 'inv_elsewhere' });

		assert.match(result.error!.message, /^HighLevel could not void invoice "inv_elsewhere": Invoice with id inv_elsewhere not found \(404, HTTP 404\)$/);
		assert.equal(sandbox.invoices.get('inv_elsewhere')!.status, 'sent');
	});

	it('is refused when the Location ID is not the token\'s location', async () => {
		sandbox.addInvoice({ _id: 'inv_1', altId: OTHER_LOCATION });
		const result = await run({ operation: 'delete', invoiceId: 'inv_1', altId: OTHER_LOCATION });

		assert.match(result.error!.message, /The token does not have access to this location\. \(403, HTTP 403\)/);
		assert.match(String(result.error!.description), /lacks the permission/);
		assert.equal(sandbox.invoices.has('inv_1'), true);
	});

	it('fails with HighLevel\'s 401 on a wrong token, without showing any token', async () => {
		sandbox.addInvoice({ _id: 'inv_k', altId: LOCATION });
		const result = await run({ operation: 'void', invoiceId: 'inv_k' }, { credential: tokenCredential(sandbox, { privateIntegrationToken: WRONG_TOKEN }) });

		assert.equal(result.error!.message, 'HighLevel could not void invoice "inv_k": Invalid JWT (401, HTTP 401)');
		assert.equal(sandbox.requests[0].headers.authorization, `Bearer ${WRONG_TOKEN}`);
		assertNoSecret(result, WRONG_TOKEN);
		assert.equal(sandbox.invoices.get('inv_k')!.status, 'sent');
	});

	it('joins the message list of a 422 into the reason', async () => {
		sandbox.addInvoice({ _id: 'inv_1', altId: LOCATION });
		sandbox.server.inject({
			kind: 'reply',
			reply: {
				status: 422,
				body: { statusCode: 422, message: ['altId must be a string', 'altType must be one of the following values: location'], error: 'Unprocessable Entity' },
			},
		});
		const result = await run({ operation: 'void', invoiceId: 'inv_1' }, { continueOnFail: true });

		const error = result.items[0].json.error as { message: string; httpStatus: number; code: number };
		assert.equal(
			error.message,
			'HighLevel could not void invoice "inv_1": altId must be a string; altType must be one of the following values: location (422, HTTP 422)',
		);
		assert.equal(error.httpStatus, 422);
		assert.equal(error.code, 422);
	});

	it('takes the error name as code when the body has no statusCode', async () => {
		sandbox.server.inject({ kind: 'reply', reply: { status: 400, body: { message: 'Bad Request', error: 'Bad Request' } } });
		const result = await run({ operation: 'get', invoiceId: 'inv_1' }, { continueOnFail: true });
		assert.deepEqual(result.items[0].json.error, {
			message: 'HighLevel could not get invoice "inv_1": Bad Request (Bad Request, HTTP 400)',
			httpStatus: 400,
			code: 'Bad Request',
		});
	});

	it('gives one error item per failed input with Continue On Fail, keeping order and pairing', async () => {
		sandbox.addInvoice({ _id: 'ok_1', altId: LOCATION });
		sandbox.addInvoice({ _id: 'paid_1', altId: LOCATION, status: 'paid' });
		sandbox.addInvoice({ _id: 'ok_2', altId: LOCATION });
		const result = await run(
			{ operation: 'void', invoiceId: '={{ $json.id }}' },
			{ items: [{ id: 'ok_1' }, { id: 'paid_1' }, { id: '' }, { id: 'ok_2' }], continueOnFail: true },
		);

		assert.equal(result.error, undefined);
		assertPairedInOrder(result, 4);
		const [first, refused, blank, last] = result.items.map((item) => item.json);
		assert.equal(first.outcome, 'voided');
		assert.equal(last.outcome, 'voided');
		assert.equal(refused.success, false);
		assert.equal(refused.outcome, 'failed');
		assert.equal(refused.invoiceId, 'paid_1');
		assert.deepEqual(refused.error, {
			message: 'HighLevel could not void invoice "paid_1": Invoice in paid status cannot be voided (400, HTTP 400)',
			httpStatus: 400,
			code: 400,
		});
		assertAuditFields(result, refused);
		assert.equal(refused.attempts, 1);
		assert.match((blank.error as { message: string }).message, /"Invoice ID" is empty/);
		assert.equal(blank.attempts, 0);
		assert.equal(sandbox.requests.length, 3, 'the blank id sent nothing');
		assertNoSecret(result, TOKEN);
	});

	it('runs 30 items in one run, each output paired with its input, in order', async () => {
		const ids = Array.from({ length: 30 }, (_, index) => `inv_bulk_${index}`);
		for (const id of ids) sandbox.addInvoice({ _id: id, altId: LOCATION });
		const result = await run({ operation: 'void', invoiceId: '={{ $json.id }}' }, { items: ids.map((id) => ({ id })) });

		assertPairedInOrder(result, 30);
		result.items.forEach((item, index) => {
			assert.equal(item.json.invoiceId, ids[index]);
			assert.equal(item.json.outcome, 'voided');
		});
		for (const id of ids) assert.equal(sandbox.applied.get(id), 1, `${id} voided exactly once`);
	});

	for (const [operation, outcome] of [
		['delete', 'would_delete'],
		['void', 'would_void'],
	]) {
		it(`dry run of ${operation} only reads the invoice and reports ${outcome}`, async () => {
			sandbox.addInvoice({ _id: 'inv_dry', altId: LOCATION });
			const result = await run({ operation, invoiceId: 'inv_dry', options: { dryRun: true } });

			assert.equal(result.items[0].json.outcome, outcome);
			assert.equal(result.items[0].json.dryRun, true);
			assert.deepEqual(sandbox.requests.map((request) => request.method), ['GET']);
			assert.equal(sandbox.invoices.get('inv_dry')!.status, 'sent');
		});
	}

	it('offers no Write Off: the operation does not exist in the node', async () => {
		const result = await run({ operation: 'writeOff', invoiceId: 'inv_1' });
		assert.ok(result.error);
		assert.match(result.error.message, /writeOff/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('refuses a base URL with a path, before any request', async () => {
		const result = await run(
			{ operation: 'get', invoiceId: 'inv_1' },
			{ credential: tokenCredential(sandbox, { baseUrl: `${sandbox.url}/v2` }) },
		);
		assert.match(result.error!.message, /HighLevel credential's Base URL must be a scheme and host only/);
		assert.equal(sandbox.requests.length, 0);
	});
});
