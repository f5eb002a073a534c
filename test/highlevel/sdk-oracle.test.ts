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

describe('HighLevel invoice schedule requests match the official SDK (@gohighlevel/api-client)', () => {
	let sandbox: HighLevelSandbox;
	let sdk: HighLevel;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
		sdk = new HighLevel({ privateIntegrationToken: TOKEN, apiVersion: '2021-07-28', logLevel: 'error' });
		sdk.getHttpClient().defaults.baseURL = sandbox.url;
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	const scope = { altId: LOCATION, altType: 'location' };
	const cases: Array<{ operation: string; viaSdk: (scheduleId: string) => Promise<unknown> }> = [
		{ operation: 'cancel', viaSdk: async (scheduleId) => await sdk.invoices.cancelInvoiceSchedule({ scheduleId }, scope) },
		{ operation: 'delete', viaSdk: async (scheduleId) => await sdk.invoices.deleteInvoiceSchedule({ scheduleId, ...scope }) },
		{ operation: 'get', viaSdk: async (scheduleId) => await sdk.invoices.getInvoiceSchedule({ scheduleId, ...scope }) },
	];

	// Ids the SDK percent-encodes as one segment as the node does (the SDK's buildUrl encodes each
	// path parameter); the SDK cannot send `.` or `..`, which the node refuses before any request.
	const awkwardIds = ['sch 7/ü', 'x?y=1#z', '%2F', 'rechnung-ü-🧾'];
	for (const { operation, viaSdk } of cases) {
		for (const id of awkwardIds) {
			it(`${operation} of schedule ${JSON.stringify(id)} sends what invoices.${operation}InvoiceSchedule sends`, async () => {
				sandbox.addSchedule({ _id: id, altId: LOCATION, status: 'active' });
				await viaSdk(id);
				sandbox.addSchedule({ _id: id, altId: LOCATION, status: 'active' });
				const result = await runWithToken(sandbox, { resource: 'invoiceSchedule', operation, scheduleId: id });

				assert.equal(result.error, undefined, result.error?.message);
				assert.equal(result.items[0].json.success, true);
				assert.equal(sandbox.requests.length, 2);
				const [fromSdk, fromNode] = sandbox.requests.map(essentials);
				assert.deepEqual(fromNode, fromSdk);
				assert.equal(fromNode.version, '2021-07-28');
				assert.equal(fromNode.authorization, `Bearer ${TOKEN}`);
				if (operation === 'cancel') {
					for (const request of sandbox.requests) assert.match(String(request.headers['content-type']), /application\/json/);
				}
			});
		}
	}

	it('the dry runs read with what invoices.getInvoiceSchedule sends, and send nothing else', async () => {
		sandbox.addSchedule({ _id: 'sch_1', altId: LOCATION });
		await sdk.invoices.getInvoiceSchedule({ scheduleId: 'sch_1', ...scope });
		for (const operation of ['cancel', 'delete']) {
			await runWithToken(sandbox, { resource: 'invoiceSchedule', operation, scheduleId: 'sch_1', options: { dryRun: true } });
		}
		const [fromSdk, ...fromNode] = sandbox.requests.map(essentials);
		assert.deepEqual(fromNode, [fromSdk, fromSdk]);
	});

	it('get many with every filter sends what invoices.listInvoiceSchedules sends', async () => {
		const filters = { status: 'active', startAt: '2026-01-05', endAt: '2026-03-01T00:00:00', search: 'Monthly', paymentMode: 'test' };
		await sdk.invoices.listInvoiceSchedules({ ...scope, status: 'active', startAt: '2026-01-05', endAt: '2026-03-01', search: 'Monthly', paymentMode: 'test', limit: '20', offset: '0' });
		const result = await runWithToken(sandbox, { resource: 'invoiceSchedule', operation: 'getAll', limit: 20, filters });

		assert.equal(result.error, undefined, result.error?.message);
		const [fromSdk, fromNode] = sandbox.requests.map(essentials);
		assert.deepEqual(fromNode, fromSdk);
		assert.equal(fromNode.path, '/invoices/schedule');
	});

	it('the next page of get many sends what invoices.listInvoiceSchedules sends with that offset', async () => {
		sandbox.seedSchedules(LOCATION, 150);
		await sdk.invoices.listInvoiceSchedules({ ...scope, limit: '100', offset: '100' });
		const result = await runWithToken(sandbox, { resource: 'invoiceSchedule', operation: 'getAll', returnAll: true });

		assert.equal(result.items.length, 150);
		const [fromSdk, , secondPage] = sandbox.requests.map(essentials);
		assert.deepEqual(secondPage, fromSdk);
	});

	it('the SDK reads the sandbox answers as the node does: {schedules, total}, the schedule, {success: true}', async () => {
		sandbox.addSchedule({ _id: 'sch_a', altId: LOCATION });
		const listed = (await sdk.invoices.listInvoiceSchedules({ ...scope, limit: '10', offset: '0' })) as { schedules: Array<{ _id: string }>; total: number };
		const cancelled = (await sdk.invoices.cancelInvoiceSchedule({ scheduleId: 'sch_a' }, scope)) as { _id: string; status: string };
		const deleted = await sdk.invoices.deleteInvoiceSchedule({ scheduleId: 'sch_a', ...scope });

		assert.deepEqual([listed.schedules.map((schedule) => schedule._id), listed.total], [['sch_a'], 1]);
		assert.deepEqual([cancelled._id, cancelled.status], ['sch_a', 'cancelled']);
		assert.deepEqual(deleted, { success: true });
	});
});
