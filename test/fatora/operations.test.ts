import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { assertAuditFields, assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import type { StoredCredential } from '../harness/credentials-helper';
import { runNode } from '../harness/engine';
import { nodeTypes, PACKAGE } from '../harness/package';
import { FatoraSandbox } from '../sandbox/fatora';

describe('Fatora node in the n8n engine', () => {
	let sandbox: FatoraSandbox;

	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (
		parameters: Record<string, unknown>,
		extra: { items?: IDataObject[]; continueOnFail?: boolean; store?: Map<string, StoredCredential> } = {},
	) =>
		runNode({
			node: 'fatora',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsFatoraApi: sandbox.credentials() },
			...extra,
		});

	it('gets an invoice with a minted bearer token, in the contract shape', async () => {
		sandbox.addInvoice({ id: '101', number: 'INV-0101', total: 420 });
		const result = await run({ operation: 'get', invoiceId: '101' });

		assert.equal(result.error, undefined);
		const [item] = result.items;
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(item.json.provider, 'fatora');
		assert.equal(item.json.operation, 'get');
		assert.equal(item.json.invoiceId, '101');
		assert.equal(item.json.success, true);
		assert.equal(item.json.outcome, 'fetched');
		assert.equal(item.json.dryRun, false);
		assert.equal(item.json.attempts, 1);
		assertAuditFields(result, item.json);
		assert.deepEqual(item.json.response, {
			status: 'SUCCESS',
			id: '101',
			number: 'INV-0101',
			payment_status: 'unpaid',
			total: 420,
		});

		const [authorize, get] = sandbox.requests;
		assert.equal(authorize.method, 'GET');
		assert.equal(authorize.rawPath, '/v1/Authorization/Authorize');
		assert.equal(authorize.headers.api_key, sandbox.apiKey);
		assert.equal(get.method, 'GET');
		assert.equal(get.rawPath, '/v1/invoices/101');
		assert.equal(get.headers.authorization, `Bearer ${sandbox.issuedTokens[0]}`);
		assert.equal(get.headers.api_key, undefined, 'the API key goes to Authorize only');
		assert.equal(get.headers['content-type'], 'application/json', 'Fatora marks it required on every call');
		assert.equal(get.headers.accept, 'application/json');
		assert.equal(sandbox.requests.length, 2);
	});

	it('deletes an invoice: 204, response null, outcome deleted', async () => {
		sandbox.addInvoice({ id: '202' });
		const result = await run({ operation: 'delete', invoiceId: '202' });

		assert.equal(result.error, undefined);
		const [item] = result.items;
		assert.equal(item.json.outcome, 'deleted');
		assert.equal(item.json.success, true);
		assert.equal(item.json.response, null);
		assert.equal(item.json.attempts, 1);
		assertAuditFields(result, item.json);
		assert.equal(sandbox.invoices.has('202'), false);
		const [deletion] = sandbox.invoiceRequests;
		assert.equal(deletion.method, 'DELETE');
		assert.equal(deletion.rawPath, '/v1/invoices/202');
		assert.equal(deletion.rawBody, '', 'a DELETE carries no body');
		assert.equal(deletion.headers['content-type'], 'application/json');
		assertNoSecret(result, sandbox.apiKey);
		assertNoSecret(result, sandbox.issuedTokens[0]);
	});

	it('fails with Fatora\'s reason on an unknown invoice', async () => {
		const result = await run({ operation: 'get', invoiceId: '999' });

		assert.equal(result.error!.message, 'Fatora could not get invoice "999": Invoice not found (ERROR, HTTP 404)');
		assert.match(String(result.error!.description), /Fatora does not know this id/);
	});

	it('fails on deleting an invoice twice, leaving the others alone', async () => {
		sandbox.addInvoice({ id: '303' });
		sandbox.addInvoice({ id: '304' });
		await run({ operation: 'delete', invoiceId: '303' });
		const again = await run({ operation: 'delete', invoiceId: '303' });

		assert.match(again.error!.message, /^Fatora could not delete invoice "303": Invoice not found/);
		assert.ok(sandbox.invoices.has('304'));
	});

	const errorBodies: Array<[string, number, unknown, string, string | null]> = [
		['a missing parameter', 400, { status: 'ERROR', error: 'invoice_id is required' }, 'invoice_id is required', 'ERROR'],
		['an inactive key', 403, { status: 'ERROR', error: 'API key is inactive' }, 'API key is inactive', 'ERROR'],
		['a conflict', 409, { message: 'Invoice is linked to a payment' }, 'Invoice is linked to a payment', null],
		['a non-JSON request', 415, undefined, 'the request body is not JSON', null],
		['an unprocessable request', 422, { status: 'ERROR', error: { message: 'Invoice cannot be deleted' } }, 'Invoice cannot be deleted', 'ERROR'],
	];
	for (const [name, status, body, reason, code] of errorBodies) {
		it(`reports ${name} (HTTP ${status}) with Fatora's reason and status field`, async () => {
			sandbox.addInvoice({ id: '404' });
			const store = new Map<string, StoredCredential>();
			await run({ operation: 'get', invoiceId: '404' }, { store });
			// With the token cached, the scripted answer goes to the invoice call itself.
			sandbox.server.inject({ kind: 'reply', reply: { status, body } });
			const result = await run({ operation: 'delete', invoiceId: '404' }, { continueOnFail: true, store });

			const error = result.items[0].json.error as { message: string; httpStatus: number; code: string | null };
			assert.equal(error.message, `Fatora could not delete invoice "404": ${reason} (${code ? `${code}, ` : ''}HTTP ${status})`);
			assert.equal(error.httpStatus, status);
			assert.equal(error.code, code);
		});
	}

	it('a delete retried after a lost answer that finds nothing is not reported deleted: Fatora cannot prove it', async () => {
		sandbox.addInvoice({ id: '606' });
		const store = new Map<string, StoredCredential>();
		await run({ operation: 'get', invoiceId: '606' }, { store });
		// Fatora deletes the invoice, then the connection drops before the 204 arrives.
		sandbox.server.inject({ kind: 'reset', afterHandler: true });
		const result = await run({ operation: 'delete', invoiceId: '606', options: { retryBaseDelayMs: 5 } }, { store });

		assert.equal(result.items.length, 0);
		assert.match(result.error!.message, /Fatora could not delete invoice "606": .*HTTP 404/);
		assert.match(result.error!.description!, /may have reached Fatora and been applied \(its answer was lost: ECONNRESET\).*nothing could confirm whether the invoice was deleted/);
		assert.deepEqual(sandbox.invoiceRequests.map((request) => request.method), ['GET', 'DELETE', 'DELETE']);
	});

	it('dry run of delete only reads the invoice and reports would_delete', async () => {
		sandbox.addInvoice({ id: '505' });
		const result = await run({ operation: 'delete', invoiceId: '505', options: { dryRun: true } });

		assert.equal(result.items[0].json.outcome, 'would_delete');
		assert.equal(result.items[0].json.dryRun, true);
		assert.equal((result.items[0].json.response as { id: string }).id, '505');
		assert.deepEqual(sandbox.invoiceRequests.map((request) => request.method), ['GET']);
		assert.ok(sandbox.invoices.has('505'));
	});

	it('gives one error item per failed input with Continue On Fail, keeping order and pairing', async () => {
		sandbox.addInvoice({ id: '1' });
		sandbox.addInvoice({ id: '4' });
		const result = await run(
			{ operation: 'delete', invoiceId: '={{ $json.id }}' },
			{ items: [{ id: '1' }, { id: '2' }, { id: ' ' }, { id: '4' }], continueOnFail: true },
		);

		assert.equal(result.error, undefined);
		assertPairedInOrder(result, 4);
		const [first, missing, blank, last] = result.items.map((item) => item.json);
		assert.equal(first.outcome, 'deleted');
		assert.equal(last.outcome, 'deleted');
		assert.equal(missing.outcome, 'failed');
		assert.equal(missing.success, false);
		assert.deepEqual(missing.error, {
			message: 'Fatora could not delete invoice "2": Invoice not found (ERROR, HTTP 404)',
			httpStatus: 404,
			code: 'ERROR',
		});
		assert.equal(missing.attempts, 1);
		assertAuditFields(result, missing);
		assert.match((blank.error as { message: string }).message, /"Invoice ID" is empty/);
		assert.equal(blank.attempts, 0);
		assert.equal(sandbox.invoiceRequests.length, 3, 'the blank id sent nothing');
		assertNoSecret(result, sandbox.apiKey);
		for (const token of sandbox.issuedTokens) assertNoSecret(result, token);
	});

	it('offers Delete, Get and Get Many only, as an AI tool, with themed icons', () => {
		const node = nodeTypes().get(`${PACKAGE}.fatora`)!;
		const { description } = node as { description: import('n8n-workflow').INodeTypeDescription };
		const operation = description.properties.find((property) => property.name === 'operation')!;
		assert.deepEqual(operation.options!.map((option) => (option as { value: string }).value), ['delete', 'get', 'getAll']);
		assert.equal(description.usableAsTool, true);
		assert.deepEqual(description.icon, { light: 'file:fatora.svg', dark: 'file:fatora.dark.svg' });
		assert.deepEqual(description.credentials, [{ name: 'invoiceOpsFatoraApi', required: true }]);
		assert.match(description.description, /irreversible/);
	});
});
