import Chargebee from 'chargebee';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { runNode } from '../harness/engine';
import { Sandbox, type RecordedRequest } from '../sandbox/server';

const ORACLE_CREDENTIAL = 'test_oracle_key_31';

/** What both clients must agree on; headers other than Chargebee's own are client details. */
function essentials(request: RecordedRequest) {
	// The node's own per-item idempotency key (`n8n:...`, for safe retries: test/transport/)
	// has no SDK counterpart; a key the user gives must still match the SDK's.
	const isDerivedKey = (name: string, value: unknown) =>
		name === 'chargebee-idempotency-key' && String(value).startsWith('n8n:');
	const chargebeeHeaders = Object.fromEntries(
		Object.entries(request.headers).filter(([name, value]) => name.startsWith('chargebee-') && !isDerivedKey(name, value)),
	);
	return {
		method: request.method,
		path: request.rawPath,
		query: request.query,
		body: request.body,
		authorization: request.headers.authorization,
		chargebeeHeaders,
	};
}

const headerOptions = {
	businessEntityId: 'be_1',
	originUser: 'ops@example.com',
	originUserEncoded: 'zoë@example.com',
	originIp: '198.51.100.4',
	originDevice: 'n8n-workflow',
	suppressEventActions: true,
	suppressEmails: true,
	suppressWebhooks: true,
	idempotencyKey: 'oracle-key-1',
};

const sdkHeaders = {
	'chargebee-business-entity-id': 'be_1',
	'chargebee-request-origin-user': 'ops@example.com',
	'chargebee-request-origin-user-encoded': Buffer.from('zoë@example.com').toString('base64'),
	'chargebee-request-origin-ip': '198.51.100.4',
	'chargebee-request-origin-device': 'n8n-workflow',
	'chargebee-event-actions': 'all-disabled',
	'chargebee-event-email': 'all-disabled',
	'chargebee-event-webhook': 'all-disabled',
	'chargebee-idempotency-key': 'oracle-key-1',
};

describe('Chargebee: the node sends what the official SDK sends', () => {
	let recorder: Sandbox;
	let sdk: Chargebee;

	before(async () => {
		// Answers like Chargebee: the list (a second page only for the request without an offset that
		// asks 100: the paging case), or the invoice the request named, in the state the action leaves it.
		recorder = await Sandbox.start(({ segments, query }) => {
			if (segments.length === 3) {
				return { status: 200, body: { list: [], ...(query.limit === '100' && !query.offset ? { next_offset: '["100"]' } : {}) } };
			}
			const [, , , id, action] = segments;
			return { status: 200, body: { invoice: { id, status: action === 'void' ? 'voided' : 'paid', deleted: action === 'delete' } } };
		});
		const { port } = new URL(recorder.url);
		// The SDK builds its host as site + hostSuffix: this points it at the recorder.
		sdk = new Chargebee({ site: '127', hostSuffix: '.0.0.1', protocol: 'http', port: Number(port), apiKey: ORACLE_CREDENTIAL } as never);
	});
	after(async () => await recorder.close());
	beforeEach(() => {
		recorder.requests.length = 0;
	});

	const viaNode = async (parameters: Record<string, unknown>) => {
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: ORACLE_CREDENTIAL, baseUrl: recorder.url } },
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(recorder.requests.length, 1);
		return essentials(recorder.requests.pop()!);
	};
	const viaSdk = async (call: () => Promise<unknown>) => {
		await call();
		assert.equal(recorder.requests.length, 1);
		return essentials(recorder.requests.pop()!);
	};

	const cases: Array<[string, Record<string, unknown>, () => Promise<unknown>]> = [
		[
			'void with comment, reason code and every header option',
			{ operation: 'void', invoiceId: 'inv_1', comment: 'Refund #8812', voidReasonCode: 'Duplicate', options: headerOptions },
			() => sdk.invoice.voidInvoice('inv_1', { comment: 'Refund #8812', void_reason_code: 'Duplicate' }, sdkHeaders),
		],
		[
			'void with nothing optional',
			{ operation: 'void', invoiceId: 'inv_1' },
			() => sdk.invoice.voidInvoice('inv_1'),
		],
		[
			'delete with comment and claim credits',
			{ operation: 'delete', invoiceId: 'inv_2', comment: 'Created twice', claimCredits: true },
			() => sdk.invoice.delete('inv_2', { comment: 'Created twice', claim_credits: true } as never),
		],
		[
			'delete with every header option',
			{ operation: 'delete', invoiceId: 'inv_3', options: headerOptions },
			() => sdk.invoice.delete('inv_3', {}, sdkHeaders),
		],
		[
			'write off with comment and every header option',
			{ operation: 'writeOff', invoiceId: 'inv_4', comment: 'Uncollectable & closed', options: headerOptions },
			() => sdk.invoice.writeOff('inv_4', { comment: 'Uncollectable & closed' }, sdkHeaders),
		],
		[
			'get',
			{ operation: 'get', invoiceId: 'inv_5' },
			() => sdk.invoice.retrieve('inv_5'),
		],
		[
			'get many with every filter (invoice.list)',
			{
				operation: 'getAll',
				limit: 20,
				filters: {
					status: ['paid', 'voided'],
					customerId: 'cust_1',
					subscriptionId: 'sub 1',
					dateAfter: '2026-01-01T00:00:00Z',
					updatedAfter: '2026-02-01T00:00:00Z',
					includeDeleted: true,
				},
				options: { originUser: 'ops@example.com' },
			},
			() =>
				sdk.invoice.list(
					{
						limit: 20,
						status: { in: ['paid', 'voided'] },
						customer_id: { is: 'cust_1' },
						subscription_id: { is: 'sub 1' },
						date: { after: 1767225600 },
						updated_at: { after: 1769904000 },
						include_deleted: true,
					} as never,
					{ 'chargebee-request-origin-user': 'ops@example.com' },
				),
		],
		[
			// Separately: the 3.x SDK turns two operators of one field into `date[after][before]`.
			'get many with Date Before',
			{ operation: 'getAll', filters: { dateBefore: '2026-06-30T12:00:00Z' } },
			() => sdk.invoice.list({ limit: 50, date: { before: 1782820800 } } as never),
		],
		[
			'get many with no filter',
			{ operation: 'getAll' },
			() => sdk.invoice.list({ limit: 50 }),
		],
		[
			'void of an id with unicode and spaces',
			{ operation: 'void', invoiceId: 'Rechnung ü 7' },
			() => sdk.invoice.voidInvoice('Rechnung ü 7'),
		],
	];

	for (const [name, parameters, sdkCall] of cases) {
		it(name, async () => {
			const fromSdk = await viaSdk(sdkCall);
			const fromNode = await viaNode(parameters);
			assert.deepEqual(fromNode, fromSdk);
		});
	}

	it('get many asks the next page with the offset as the SDK does (invoice.list offset)', async () => {
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'getAll', returnAll: true } as never,
			credentials: { invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: ORACLE_CREDENTIAL, baseUrl: recorder.url } },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const [, second] = recorder.requests.splice(0).map(essentials);
		const fromSdk = await viaSdk(() => sdk.invoice.list({ limit: 100, offset: '["100"]' }));
		assert.deepEqual(second, fromSdk);
	});

	it('encodes a slash inside an id where the SDK does not', async () => {
		const fromSdk = await viaSdk(() => sdk.invoice.voidInvoice('inv/9'));
		const fromNode = await viaNode({ operation: 'void', invoiceId: 'inv/9' });
		assert.equal(fromSdk.path, '/api/v2/invoices/inv/9/void', 'the SDK leaves / unencoded');
		assert.equal(fromNode.path, '/api/v2/invoices/inv%2F9/void');
		assert.deepEqual({ ...fromNode, path: '' }, { ...fromSdk, path: '' });
	});
});
