import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { credentialTestRequest, testCredential } from '../harness/credential-test';
import { ChargebeeSandbox } from '../sandbox/chargebee';

describe('Chargebee credential test', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.requests.length = 0;
		sandbox.siteExists = true;
	});

	it('passes with the right key, listing one invoice with Basic auth', async () => {
		const outcome = await testCredential('invoiceOpsChargebeeApi', sandbox.credentials());

		assert.equal(outcome.status, 'OK');
		const [request] = sandbox.requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.rawPath, '/api/v2/invoices');
		assert.deepEqual(request.query, { limit: '1' });
		assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${sandbox.apiKey}:`).toString('base64')}`);
	});

	it('tells a wrong key apart', async () => {
		const outcome = await testCredential('invoiceOpsChargebeeApi', sandbox.credentials({ apiKey: 'not-the-key' }));
		assert.equal(outcome.status, 'Error');
		assert.match(outcome.message, /refused the API key/);
	});

	it('tells an unknown site apart', async () => {
		sandbox.siteExists = false;
		const outcome = await testCredential('invoiceOpsChargebeeApi', sandbox.credentials());
		assert.equal(outcome.status, 'Error');
		assert.match(outcome.message, /does not know this site/);
	});

	it('builds the real host from the site when Base URL is empty', async () => {
		const { request } = await credentialTestRequest('invoiceOpsChargebeeApi', { site: 'acme-test', apiKey: 'k', baseUrl: '' });
		assert.equal(request.url, 'https://acme-test.chargebee.com/api/v2/invoices');
		assert.deepEqual(request.auth, { username: 'k', password: '' });
	});
});
