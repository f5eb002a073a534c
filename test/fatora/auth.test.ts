import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import type { StoredCredential } from '../harness/credentials-helper';
import { runNode, type RunNodeResult } from '../harness/engine';
import { FatoraSandbox } from '../sandbox/fatora';

const CREDENTIAL_TYPE = 'invoiceOpsFatoraApi';

describe('Fatora bearer token: minted from the API key, cached, renewed on 401', () => {
	let sandbox: FatoraSandbox;
	let store: Map<string, StoredCredential>;

	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		store = new Map();
	});

	const run = (
		parameters: Record<string, unknown>,
		extra: { items?: IDataObject[]; continueOnFail?: boolean; apiKey?: string } = {},
	) =>
		runNode({
			node: 'fatora',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { [CREDENTIAL_TYPE]: sandbox.credentials(extra.apiKey ? { apiKey: extra.apiKey } : {}) },
			items: extra.items,
			continueOnFail: extra.continueOnFail,
			store,
		});

	const storedToken = () => store.get(`cred-${CREDENTIAL_TYPE}`)?.data.bearerToken;

	/** No API key and no token ever minted is visible anywhere in the run. */
	const assertNoFatoraSecret = (result: RunNodeResult, apiKey = sandbox.apiKey) => {
		assertNoSecret(result, apiKey);
		for (const token of sandbox.issuedTokens) assertNoSecret(result, token);
	};

	const addInvoices = (count: number) =>
		Array.from({ length: count }, (_, index) => sandbox.addInvoice({ id: String(500 + index) }).id);

	it('mints one token for many items and keeps it in the credential for the next run', async () => {
		const ids = addInvoices(12);
		const first = await run({ operation: 'get', invoiceId: '={{ $json.id }}' }, { items: ids.map((id) => ({ id })) });

		assertPairedInOrder(first, 12);
		first.items.forEach((item) => assert.equal(item.json.outcome, 'fetched'));
		assert.equal(sandbox.authorizeRequests.length, 1, 'one Authorize for 12 items');
		assert.equal(first.credentialsHelper.preAuthenticationCalls.get(CREDENTIAL_TYPE), 1);
		assert.equal(storedToken(), sandbox.issuedTokens[0], 'the token was written back to the credential');

		const second = await run({ operation: 'delete', invoiceId: ids[0] });
		assert.equal(second.items[0].json.outcome, 'deleted');
		assert.equal(sandbox.authorizeRequests.length, 1, 'the next run reuses the cached token');
		assertNoFatoraSecret(first);
		assertNoFatoraSecret(second);
	});

	it('mints a new token when the cached one expired on demand, and the item still succeeds', async () => {
		const [id] = addInvoices(1);
		await run({ operation: 'get', invoiceId: id });
		sandbox.expireTokens();
		const result = await run({ operation: 'get', invoiceId: id });

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.success, true);
		assert.equal(result.items[0].json.outcome, 'fetched');
		assert.equal(sandbox.authorizeRequests.length, 2);
		assert.equal(storedToken(), sandbox.issuedTokens[1], 'the new token replaced the expired one');
		const calls = sandbox.invoiceRequests.map((request) => request.headers.authorization);
		assert.deepEqual(calls, [
			`Bearer ${sandbox.issuedTokens[0]}`,
			`Bearer ${sandbox.issuedTokens[0]}`,
			`Bearer ${sandbox.issuedTokens[1]}`,
		], 'the 401 call is retried once with the new token');
		// n8n refreshes and resends inside its own request helper: the node sees one attempt.
		assert.equal(result.items[0].json.attempts, 1);
		assertNoFatoraSecret(result);
	});

	it('renews a token that expires after a number of uses in the middle of a run', async () => {
		sandbox.tokenUses = 3;
		const ids = addInvoices(7);
		const result = await run({ operation: 'get', invoiceId: '={{ $json.id }}' }, { items: ids.map((id) => ({ id })) });

		assert.equal(result.error, undefined);
		assertPairedInOrder(result, 7);
		result.items.forEach((item, index) => {
			assert.equal(item.json.success, true);
			assert.equal(item.json.invoiceId, ids[index]);
		});
		assert.equal(sandbox.authorizeRequests.length, 3, 'tokens for items 1-3, 4-6 and 7');
		assert.equal(sandbox.invoiceRequests.length, 9, 'seven calls plus two answered 401 and resent');
		assertNoFatoraSecret(result);
	});

	it('deletes with a renewed token exactly once', async () => {
		const [id] = addInvoices(1);
		await run({ operation: 'get', invoiceId: id });
		sandbox.expireTokens();
		const result = await run({ operation: 'delete', invoiceId: id });

		assert.equal(result.items[0].json.outcome, 'deleted');
		assert.equal(result.items[0].json.response, null);
		assert.equal(sandbox.invoices.has(id), false);
		const deletes = sandbox.invoiceRequests.filter((request) => request.method === 'DELETE');
		assert.deepEqual(deletes.map((request) => request.headers.authorization), [
			`Bearer ${sandbox.issuedTokens[0]}`,
			`Bearer ${sandbox.issuedTokens[1]}`,
		]);
	});

	for (const invalidKeyStatus of [401, 200]) {
		it(`fails clearly on a wrong API key (Authorize answering ${invalidKeyStatus}), with no invoice request`, async () => {
			sandbox.invalidKeyStatus = invalidKeyStatus;
			addInvoices(1);
			const wrongKey = `${sandbox.apiKey}-wrong`;
			const result = await run({ operation: 'delete', invoiceId: '500' }, { apiKey: wrongKey });

			assert.ok(result.error, 'the node fails');
			assert.equal(
				result.error.message,
				`Fatora could not delete invoice "500": Fatora refused the API key: Invalid API Key (HTTP ${invalidKeyStatus})`,
			);
			assert.match(String(result.error.description), /check the Fatora credential/);
			assert.equal(sandbox.invoiceRequests.length, 0, 'no invoice request was sent');
			assert.ok(sandbox.invoices.has('500'));
			assert.ok(!storedToken(), 'no token was cached');
			assertNoFatoraSecret(result, wrongKey);
		});
	}

	it('reports a wrong key per item with Continue On Fail, with a null httpStatus and no key', async () => {
		const wrongKey = [...sandbox.apiKey].reverse().join('');
		const result = await run(
			{ operation: 'get', invoiceId: '={{ $json.id }}' },
			{ items: [{ id: '1' }, { id: '2' }], continueOnFail: true, apiKey: wrongKey },
		);

		assertPairedInOrder(result, 2);
		for (const item of result.items) {
			assert.equal(item.json.success, false);
			assert.equal(item.json.outcome, 'failed');
			assert.match((item.json.error as { message: string }).message, /Fatora refused the API key: Invalid API Key/);
			assert.equal((item.json.error as { httpStatus: number | null }).httpStatus, null);
		}
		assert.equal(sandbox.invoiceRequests.length, 0);
		assertNoFatoraSecret(result, wrongKey);
	});

	it('fails clearly when the key is revoked while a token is cached: the renewal is refused', async () => {
		const [id] = addInvoices(1);
		await run({ operation: 'get', invoiceId: id });
		sandbox.expireTokens();
		const originalKey = sandbox.apiKey;
		sandbox.apiKey = `${originalKey}-rotated`;
		try {
			const result = await run({ operation: 'delete', invoiceId: id });

			assert.match(result.error!.message, /^Fatora could not delete invoice "500": Fatora refused the API key: Invalid API Key/);
			assert.ok(sandbox.invoices.has(id), 'nothing was deleted');
			assertNoFatoraSecret(result, originalKey);
		} finally {
			sandbox.apiKey = originalKey;
		}
	});

	it('falls back to POST when Authorize answers 405 to GET', async () => {
		sandbox.authorizeMethods = ['POST'];
		const [id] = addInvoices(1);
		const result = await run({ operation: 'get', invoiceId: id });

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'fetched');
		assert.deepEqual(sandbox.authorizeRequests.map((request) => request.method), ['GET', 'POST']);
		assert.equal(sandbox.authorizeRequests[1].headers.api_key, sandbox.apiKey);
		assertNoFatoraSecret(result);
	});

	it('fails clearly, naming both methods, when Authorize serves neither GET nor POST', async () => {
		sandbox.authorizeMethods = [];
		const [id] = addInvoices(1);
		const result = await run({ operation: 'get', invoiceId: id });

		assert.match(
			result.error!.message,
			/Fatora's Authorize endpoint \(\/v1\/Authorization\/Authorize\) answered HTTP 405 to GET and POST: check the Base URL/,
		);
		assert.equal(sandbox.invoiceRequests.length, 0);
	});

	it('fails clearly when Authorize itself breaks (HTTP 500), with no invoice request', async () => {
		const [id] = addInvoices(1);
		sandbox.server.inject({ kind: 'reply', reply: { status: 500, body: { status: 'ERROR', error: 'Internal server error' } } });
		const result = await run({ operation: 'get', invoiceId: id });

		assert.equal(result.error!.message, 'Fatora could not get invoice "500": Fatora did not issue a bearer token: Internal server error (HTTP 500)');
		assert.equal(sandbox.invoiceRequests.length, 0);
	});

	it('reports an unreachable Fatora as a network failure, not as a refused key', async () => {
		const result = await runNode({
			node: 'fatora',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: '1' },
			credentials: { [CREDENTIAL_TYPE]: sandbox.credentials({ baseUrl: 'http://127.0.0.1:1' }) },
			continueOnFail: true,
		});

		const error = result.items[0].json.error as { message: string; httpStatus: number | null; code: string | null };
		assert.equal(error.code, 'ECONNREFUSED');
		assert.equal(error.httpStatus, null);
		assert.doesNotMatch(error.message, /API key|credential/);
		assertNoSecret(result, sandbox.apiKey);
	});

	it('fails with the 401 when even a freshly minted token is refused', async () => {
		const [id] = addInvoices(1);
		sandbox.tokenUses = 0;
		const result = await run({ operation: 'get', invoiceId: id });

		assert.match(result.error!.message, /^Fatora could not get invoice "500": Unauthorized: the bearer token is invalid or expired \(ERROR, HTTP 401\)/);
		assert.equal(sandbox.authorizeRequests.length, 2, 'one renewal, then n8n gives up');
		assertNoFatoraSecret(result);
	});

});
