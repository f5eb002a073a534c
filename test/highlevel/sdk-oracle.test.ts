import { HighLevel } from '@gohighlevel/api-client';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { HighLevelSandbox, type HighLevelStatus } from '../sandbox/highlevel';
import type { RecordedRequest } from '../sandbox/server';
import { LOCATION, TOKEN, runWithToken } from './setup';

/** What must match between the official SDK and the node for the same operation. */
function essentials(request: RecordedRequest) {
	const jsonBody = request.rawBody ? (JSON.parse(request.rawBody) as Record<string, unknown>) : null;
	return {
		method: request.method,
		path: request.rawPath,
		query: request.query,
		body: jsonBody,
		version: request.headers.version,
		authorization: request.headers.authorization,
	};
}

describe('HighLevel requests match the official SDK (@gohighlevel/api-client)', () => {
	let sandbox: HighLevelSandbox;
	let sdk: HighLevel;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
		sdk = new HighLevel({ privateIntegrationToken: TOKEN, apiVersion: '2021-07-28', logLevel: 'error' });
		// The SDK's one axios instance: pointing it at the sandbox records what it would send.
		sdk.getHttpClient().defaults.baseURL = sandbox.url;
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	const cases: Array<{
		operation: string;
		status: HighLevelStatus;
		viaSdk: (invoiceId: string) => Promise<unknown>;
	}> = [
		{
			operation: 'delete',
			status: 'draft',
			viaSdk: async (invoiceId) => await sdk.invoices.deleteInvoice({ invoiceId, altId: LOCATION, altType: 'location' }),
		},
		{
			operation: 'void',
			status: 'sent',
			viaSdk: async (invoiceId) => await sdk.invoices.voidInvoice({ invoiceId }, { altId: LOCATION, altType: 'location' }),
		},
		{
			operation: 'get',
			status: 'sent',
			viaSdk: async (invoiceId) => await sdk.invoices.getInvoice({ invoiceId, altId: LOCATION, altType: 'location' }),
		},
	];

	for (const { operation, status, viaSdk } of cases) {
		it(`${operation} sends what the SDK sends`, async () => {
			const id = 'inv 7/ü';
			sandbox.addInvoice({ _id: id, altId: LOCATION, status });
			await viaSdk(id);
			sandbox.addInvoice({ _id: id, altId: LOCATION, status });
			const result = await runWithToken(sandbox, { operation, invoiceId: id });

			assert.equal(result.error, undefined);
			assert.equal(sandbox.requests.length, 2);
			const [fromSdk, fromNode] = sandbox.requests.map(essentials);
			assert.deepEqual(fromNode, fromSdk);
			assert.equal(fromNode.version, '2021-07-28');
			assert.equal(fromNode.authorization, `Bearer ${TOKEN}`);
			if (operation === 'void') {
				assert.match(String(sandbox.requests[1].headers['content-type']), /application\/json/);
				assert.match(String(sandbox.requests[0].headers['content-type']), /application\/json/);
			}
		});
	}

	it('get many with every filter sends what invoices.listInvoices sends', async () => {
		const filters = { status: 'sent', contactId: 'contact 1', startAt: '2026-01-05', endAt: '2026-03-01T00:00:00', search: 'Invoice 1', paymentMode: 'test' };
		await sdk.invoices.listInvoices({
			altId: LOCATION,
			altType: 'location',
			status: 'sent',
			contactId: 'contact 1',
			startAt: '2026-01-05',
			endAt: '2026-03-01',
			search: 'Invoice 1',
			paymentMode: 'test',
			limit: '20',
			offset: '0',
		});
		const result = await runWithToken(sandbox, { operation: 'getAll', limit: 20, filters });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(sandbox.requests.length, 2);
		const [fromSdk, fromNode] = sandbox.requests.map(essentials);
		assert.deepEqual(fromNode, fromSdk);
		assert.equal(fromNode.path, '/invoices/');
	});

	it('the next page of get many sends what invoices.listInvoices sends with that offset', async () => {
		sandbox.seedInvoices(LOCATION, 150);
		await sdk.invoices.listInvoices({ altId: LOCATION, altType: 'location', limit: '100', offset: '100' });
		const result = await runWithToken(sandbox, { operation: 'getAll', returnAll: true });

		assert.equal(result.items.length, 150);
		const [fromSdk, , secondPage] = sandbox.requests.map(essentials);
		assert.deepEqual(secondPage, fromSdk);
	});
});
