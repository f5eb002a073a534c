import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import { HighLevelSandbox } from '../sandbox/highlevel';
import type { StoredCredential } from '../harness/credentials-helper';
import { CLIENT_SECRET, LOCATION, OAUTH_LOCATION, OAUTH_TOKEN, REFRESH_TOKEN, TOKEN, oAuth2Credential, runWithOAuth2 } from './setup';

describe('HighLevel node with OAuth2, through n8n-core\'s requestOAuth2', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.clear();
		sandbox.tokens.set(OAUTH_TOKEN, OAUTH_LOCATION);
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	it('signs with the access token and takes the location from the token data', async () => {
		sandbox.addInvoice({ _id: 'inv_o1', altId: OAUTH_LOCATION });
		const result = await runWithOAuth2(sandbox, { operation: 'void', invoiceId: 'inv_o1' });

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'voided');
		const [request] = sandbox.requests;
		assert.equal(request.headers.authorization, `Bearer ${OAUTH_TOKEN}`);
		assert.equal(request.headers.version, '2021-07-28');
		assert.equal(request.url, '/invoices/inv_o1/void');
		assert.deepEqual(request.body, { altId: OAUTH_LOCATION, altType: 'location' });
		assert.equal(sandbox.invoices.get('inv_o1')!.status, 'void');
		assertNoSecret(result, OAUTH_TOKEN);
		assertNoSecret(result, CLIENT_SECRET);
	});

	it('deletes and gets with the location of the token data in the query', async () => {
		sandbox.addInvoice({ _id: 'inv_o2', altId: OAUTH_LOCATION, status: 'draft' });
		const get = await runWithOAuth2(sandbox, { operation: 'get', invoiceId: 'inv_o2' });
		const deleted = await runWithOAuth2(sandbox, { operation: 'delete', invoiceId: 'inv_o2' });

		assert.equal(get.items[0].json.outcome, 'fetched');
		assert.equal(deleted.items[0].json.outcome, 'deleted');
		assert.equal(sandbox.requests[0].url, `/invoices/inv_o2?altId=${OAUTH_LOCATION}&altType=location`);
		assert.equal(sandbox.requests[1].method, 'DELETE');
		assert.equal(sandbox.requests[1].url, `/invoices/inv_o2?altId=${OAUTH_LOCATION}&altType=location`);
		for (const request of sandbox.requests) assert.equal(request.headers.authorization, `Bearer ${OAUTH_TOKEN}`);
	});

	it('lets the Location ID parameter override the token data', async () => {
		sandbox.tokens.set(OAUTH_TOKEN, LOCATION);
		sandbox.addInvoice({ _id: 'inv_o3', altId: LOCATION });
		const result = await runWithOAuth2(sandbox, { operation: 'get', invoiceId: 'inv_o3', altId: LOCATION });

		assert.equal(result.error, undefined);
		assert.deepEqual(sandbox.requests[0].query, { altId: LOCATION, altType: 'location' });
	});

	it('refuses, before any request, a token without a location (an agency-level connection)', async () => {
		const credential = oAuth2Credential(sandbox, { locationId: undefined, userType: 'Company' });
		const result = await runWithOAuth2(sandbox, { operation: 'void', invoiceId: 'inv_1' }, { credential });

		assert.match(result.error!.message, /No HighLevel location/);
		assert.match(String(result.error!.description), /connect the OAuth2 credential to a sub-account/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('refreshes an expired access token through the token URL and resends the call once', async () => {
		sandbox.client = { id: 'highlevel-client-id', secret: CLIENT_SECRET };
		sandbox.refreshTokens.set(REFRESH_TOKEN, OAUTH_LOCATION);
		sandbox.tokens.delete(OAUTH_TOKEN);
		sandbox.addInvoice({ _id: 'inv_exp', altId: OAUTH_LOCATION });
		const store = new Map<string, StoredCredential>();
		const result = await runWithOAuth2(sandbox, { operation: 'void', invoiceId: 'inv_exp' }, { store });

		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.outcome, 'voided');
		const [expired, refresh, resent] = sandbox.requests;
		assert.equal(expired.headers.authorization, `Bearer ${OAUTH_TOKEN}`);
		assert.equal(refresh.method, 'POST');
		assert.equal(refresh.rawPath, '/oauth/token');
		assert.equal(refresh.body.grant_type, 'refresh_token');
		assert.equal(refresh.body.refresh_token, REFRESH_TOKEN);
		assert.equal(refresh.body.client_secret, CLIENT_SECRET, 'client credentials in the body (authentication: body)');
		assert.match(String(resent.headers.authorization), /^Bearer refreshed-access-/);
		assert.equal(resent.rawPath, '/invoices/inv_exp/void');
		assert.equal(sandbox.applied.get('inv_exp'), 1);
		const saved = [...store.values()][0].data.oauthTokenData as { access_token: string; locationId: string };
		assert.match(saved.access_token, /^refreshed-access-/, 'n8n saved the new token');
		assert.equal(saved.locationId, OAUTH_LOCATION);
		assertNoSecret(result, CLIENT_SECRET);
		assertNoSecret(result, saved.access_token);
	});

	it('asks to reconnect when the token is revoked and the refresh fails, without showing any token', async () => {
		sandbox.client = { id: 'highlevel-client-id', secret: CLIENT_SECRET };
		sandbox.tokens.delete(OAUTH_TOKEN);
		sandbox.addInvoice({ _id: 'inv_o4', altId: OAUTH_LOCATION });
		const result = await runWithOAuth2(sandbox, { operation: 'get', invoiceId: 'inv_o4' }, { continueOnFail: true });

		const error = result.items[0].json.error as { message: string; httpStatus: number | null };
		assert.equal(
			error.message,
			'HighLevel could not get invoice "inv_o4": The credential "invoiceOpsHighLevelOAuth2Api (test)" needs to be reconnected.',
		);
		assert.deepEqual(
			sandbox.requests.map((request) => `${request.method} ${request.rawPath}`),
			['GET /invoices/inv_o4', 'POST /oauth/token'],
			'one refresh attempt, no resend',
		);
		assertNoSecret(result, OAUTH_TOKEN);
		assertNoSecret(result, REFRESH_TOKEN);
		assertNoSecret(result, CLIENT_SECRET);
	});

	it('keeps order and pairing over several items with Continue On Fail', async () => {
		sandbox.addInvoice({ _id: 'a', altId: OAUTH_LOCATION });
		sandbox.addInvoice({ _id: 'b', altId: OAUTH_LOCATION, status: 'void' });
		sandbox.addInvoice({ _id: 'c', altId: OAUTH_LOCATION });
		const result = await runWithOAuth2(
			sandbox,
			{ operation: 'void', invoiceId: '={{ $json.id }}' },
			{ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], continueOnFail: true },
		);

		assertPairedInOrder(result, 3);
		assert.deepEqual(
			result.items.map((item) => item.json.outcome),
			['voided', 'failed', 'voided'],
		);
		assert.match(String((result.items[1].json.error as { message: string }).message), /Invoice in void status cannot be voided/);
	});
});
