import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';

describe('Chargebee options and checks before any request', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const run = (parameters: Record<string, unknown>, continueOnFail = false) =>
		runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			continueOnFail,
		});

	const allOptions = {
		businessEntityId: 'be_eu',
		originUser: 'ops@example.com',
		originUserEncoded: 'zoë@example.com',
		originIp: '203.0.113.7',
		originDevice: 'n8n',
		suppressEventActions: true,
		suppressEmails: true,
		suppressWebhooks: true,
		idempotencyKey: 'refund-8812',
	};

	it('sends every option as its chargebee-* header on a write', async () => {
		sandbox.addInvoice({ id: 'inv_h' });
		const result = await run({ operation: 'void', invoiceId: 'inv_h', options: allOptions });

		assert.equal(result.error, undefined);
		const { headers } = sandbox.requests[0];
		assert.equal(headers['chargebee-business-entity-id'], 'be_eu');
		assert.equal(headers['chargebee-request-origin-user'], 'ops@example.com');
		assert.equal(headers['chargebee-request-origin-user-encoded'], Buffer.from('zoë@example.com').toString('base64'));
		assert.equal(headers['chargebee-request-origin-ip'], '203.0.113.7');
		assert.equal(headers['chargebee-request-origin-device'], 'n8n');
		assert.equal(headers['chargebee-event-actions'], 'all-disabled');
		assert.equal(headers['chargebee-event-email'], 'all-disabled');
		assert.equal(headers['chargebee-event-webhook'], 'all-disabled');
		assert.equal(headers['chargebee-idempotency-key'], 'refund-8812');
	});

	it('sends no event or idempotency header on a read', async () => {
		sandbox.addInvoice({ id: 'inv_r' });
		await run({ operation: 'get', invoiceId: 'inv_r', options: allOptions });

		const { headers } = sandbox.requests[0];
		assert.equal(headers['chargebee-business-entity-id'], 'be_eu');
		for (const name of ['chargebee-event-actions', 'chargebee-event-email', 'chargebee-event-webhook', 'chargebee-idempotency-key']) {
			assert.equal(headers[name], undefined, name);
		}
	});

	it('applies a repeated idempotency key once', async () => {
		sandbox.addInvoice({ id: 'inv_i' });
		const first = await run({ operation: 'void', invoiceId: 'inv_i', options: { idempotencyKey: 'k-1' } });
		const second = await run({ operation: 'void', invoiceId: 'inv_i', options: { idempotencyKey: 'k-1' } });

		assert.equal(first.items[0].json.outcome, 'voided');
		assert.equal(second.items[0].json.outcome, 'voided');
		assert.equal(sandbox.applied.get('inv_i'), 1);
	});

	for (const [operation, outcome] of [
		['delete', 'would_delete'],
		['void', 'would_void'],
		['writeOff', 'would_write_off'],
	]) {
		it(`dry run of ${operation} sends nothing and reports ${outcome}`, async () => {
			sandbox.addInvoice({ id: 'inv_d' });
			const result = await run({ operation, invoiceId: 'inv_d', options: { dryRun: true } });

			assert.equal(result.items[0].json.outcome, outcome);
			assert.equal(result.items[0].json.dryRun, true);
			assert.equal(result.items[0].json.success, true);
			assert.equal(sandbox.writes.length, 0);
			assert.equal(sandbox.invoices.get('inv_d')!.status, 'payment_due');
		});
	}

	const refusedBeforeRequest: Array<[string, Record<string, unknown>, RegExp]> = [
		['a blank invoice id', { operation: 'void', invoiceId: '   ' }, /"Invoice ID" is empty/],
		['an invoice id expression that resolves to nothing', { operation: 'get', invoiceId: '={{ $json.missing }}' }, /"Invoice ID" is empty/],
		['a comment over 300 characters', { operation: 'delete', invoiceId: 'inv_1', comment: 'c'.repeat(301) }, /"Comment" is 301 characters long; Chargebee accepts at most 300/],
		['a void reason code over 100 characters', { operation: 'void', invoiceId: 'inv_1', voidReasonCode: 'r'.repeat(101) }, /"Void Reason Code" is 101 characters long/],
		['an idempotency key over 100 characters', { operation: 'writeOff', invoiceId: 'inv_1', options: { idempotencyKey: 'k'.repeat(101) } }, /"Idempotency Key" is 101/],
		['an invoice id of ".."', { operation: 'void', invoiceId: '..' }, /"Invoice ID" cannot be "\.\."/],
	];
	for (const [name, parameters, message] of refusedBeforeRequest) {
		it(`refuses ${name} before any request`, async () => {
			sandbox.addInvoice({ id: 'inv_1' });
			const result = await run(parameters);

			assert.ok(result.error);
			assert.match(result.error.message, message);
			assert.equal(sandbox.requests.length, 0);
		});
	}

	it('lets n8n itself refuse a literal empty invoice id (required parameter) before any request', async () => {
		await assert.rejects(run({ operation: 'void', invoiceId: '' }), /Parameter "Invoice ID" is required/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('accepts a comment of exactly 300 characters', async () => {
		sandbox.addInvoice({ id: 'inv_1' });
		const result = await run({ operation: 'void', invoiceId: 'inv_1', comment: 'c'.repeat(300) });
		assert.equal(result.items[0].json.outcome, 'voided');
	});

	it('refuses a site that is not a subdomain, before any request', async () => {
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' },
			credentials: { invoiceOpsChargebeeApi: { site: 'evil.example.com/x', apiKey: sandbox.apiKey, baseUrl: '' } },
		});
		assert.match(result.error!.message, /Site "evil\.example\.com\/x" is not a site name/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('refuses a base URL with a path, before any request', async () => {
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' },
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials({ baseUrl: `${sandbox.url}/other` }) },
		});
		assert.match(result.error!.message, /scheme and host only/);
		assert.equal(sandbox.requests.length, 0);
	});
});
