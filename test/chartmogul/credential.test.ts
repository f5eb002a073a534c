import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { credentialTestRequest, testCredential } from '../harness/credential-test';
import { ChartMogulSandbox } from '../sandbox/chartmogul';

describe('ChartMogul credential test', () => {
	let sandbox: ChartMogulSandbox;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	it('passes with the right key: GET /v1/ping with Basic auth', async () => {
		const outcome = await testCredential('invoiceOpsChartMogulApi', sandbox.credentials());

		assert.equal(outcome.status, 'OK');
		assert.equal(sandbox.requests.length, 1);
		const [request] = sandbox.requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.url, '/v1/ping');
		assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${sandbox.apiKey}:`).toString('base64')}`);
	});

	it('tells a wrong key apart', async () => {
		const outcome = await testCredential('invoiceOpsChartMogulApi', sandbox.credentials({ apiKey: 'not-the-key' }));
		assert.equal(outcome.status, 'Error');
		assert.match(outcome.message, /ChartMogul refused the API key/);
	});

	it('uses the real host by default, and when Base URL is emptied', async () => {
		const byDefault = await credentialTestRequest('invoiceOpsChartMogulApi', { apiKey: 'k' });
		const emptied = await credentialTestRequest('invoiceOpsChartMogulApi', { apiKey: 'k', baseUrl: '' });
		for (const { request } of [byDefault, emptied]) {
			assert.equal(request.url, 'https://api.chartmogul.com/v1/ping');
			assert.deepEqual(request.auth, { username: 'k', password: '' });
		}
	});
});
