import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { assert, after, before, beforeEach, describe, it } from '../harness/node';

import { InvoiceOpsChargebeeApi } from '../../credentials/InvoiceOpsChargebeeApi.credentials';
import { resolveAuthentication, staticAuthenticateOf } from '../../nodes/shared/auth';
import { TestCredentialsHelper } from '../harness/credentials-helper';
import { runNode, type RunNodeOptions } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { Sandbox, type RecordedRequest } from '../sandbox/server';
import { BEARER_STATIC, BEARER_VIA_N8N_HELPER, VIA_N8N_HELPER, testNodeTypes, tokenCredential } from './test-nodes';

/** Counts how often n8n had to resolve (in real n8n: load and decrypt) a credential. */
class CountingCredentialsHelper extends TestCredentialsHelper {
	resolutions = 0;

	override async getDecrypted(...args: Parameters<TestCredentialsHelper['getDecrypted']>): Promise<ICredentialDataDecryptedObject> {
		this.resolutions++;
		return await super.getDecrypted(...args);
	}
}

/** Everything a provider sees of a request's authentication and identity. */
function seen(request: RecordedRequest) {
	// The derived idempotency key names the execution, which differs between the two runs.
	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'chargebee-idempotency-key'));
	return { method: request.method, url: request.url, headers, rawBody: request.rawBody };
}

describe('Transport: a static key resolved once, applied exactly as n8n applies it', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const run = async (node: string, items: number) => {
		let helper: CountingCredentialsHelper | undefined;
		const ids = Array.from({ length: items }, (_, index) => `inv_${index}`);
		for (const id of ids) sandbox.addInvoice({ id });
		const result = await runNode({
			node,
			parameters: { resource: 'invoice', operation: 'void', invoiceId: '={{ $json.id }}', comment: 'dup' } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
			extraNodeTypes: testNodeTypes,
			credentialsHelper: (types, store) => (helper = new CountingCredentialsHelper(types, store)),
		});
		assert.equal(result.error, undefined, result.error?.message);
		return { result, resolutions: helper!.resolutions };
	};

	it('sends the same request, Authorization header included, as n8n\'s authenticated helper', async () => {
		await run('chargebee', 1);
		const viaStaticKey = seen(sandbox.requests[0]);
		sandbox.requests.length = 0;
		await run(VIA_N8N_HELPER, 1);
		const viaN8n = seen(sandbox.requests[0]);

		assert.deepEqual(viaStaticKey, viaN8n);
		assert.equal(viaStaticKey.headers.authorization, `Basic ${Buffer.from(`${sandbox.apiKey}:`).toString('base64')}`);
	});

	it('resolves the credential once per execution instead of once per request', async () => {
		const viaStaticKey = await run('chargebee', 20);
		const viaN8n = await run(VIA_N8N_HELPER, 20);

		assert.equal(viaStaticKey.resolutions, 1);
		assert.equal(viaN8n.resolutions, 21, 'n8n resolves it for every request (plus once for the base URL)');
		assert.equal(viaStaticKey.result.items.length, 20);
	});
});

describe('Transport: static authentication of other generic blocks', () => {
	let recorder: Sandbox;

	before(async () => {
		recorder = await Sandbox.start(() => ({ status: 200, body: { invoice: { id: 'inv_1' } } }));
	});
	after(async () => await recorder.close());

	it('a Bearer template, a whole-value header and a query parameter match n8n\'s helper byte for byte', async () => {
		const options = (node: string): RunNodeOptions => ({
			node,
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' } as never,
			credentials: { [tokenCredential.name]: { token: 'tok_3x9', account: 'acct 7', baseUrl: recorder.url } },
			extraNodeTypes: testNodeTypes,
			extraCredentialTypes: [tokenCredential],
		});
		const fromStatic = await runNode(options(BEARER_STATIC));
		const fromN8n = await runNode(options(BEARER_VIA_N8N_HELPER));

		assert.equal(fromStatic.error, undefined, fromStatic.error?.message);
		assert.equal(fromN8n.error, undefined, fromN8n.error?.message);
		const [staticRequest, n8nRequest] = recorder.requests;
		assert.deepEqual(seen(staticRequest), seen(n8nRequest));
		assert.equal(staticRequest.headers.authorization, 'Bearer tok_3x9');
		assert.equal(staticRequest.headers['x-account'], 'acct 7');
		assert.equal(staticRequest.query.account, 'acct 7');
	});
});

describe('Transport: which credentials may take the static path', () => {
	const base = { displayName: 'T', properties: [] };

	it('takes the package\'s Chargebee credential', () => {
		const authenticate = staticAuthenticateOf(new InvoiceOpsChargebeeApi());
		assert.ok(authenticate);
		assert.deepEqual(resolveAuthentication(authenticate, { apiKey: 'k1' }), { auth: { username: 'k1', password: '' } });
	});

	const refused: Array<[string, ICredentialType]> = [
		['a preAuthentication token (n8n must mint and refresh it)', {
			...base,
			name: 'a',
			preAuthentication: async () => ({ token: 'x' }),
			authenticate: { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } },
		}],
		['an OAuth2 child type', { ...base, name: 'b', extends: ['oAuth2Api'] }],
		['a function authenticate', { ...base, name: 'c', authenticate: async (_credentials, options) => options }],
		['a body field', { ...base, name: 'd', authenticate: { type: 'generic', properties: { body: { key: '={{$credentials.key}}' } } } }],
		['an expression beyond $credentials', {
			...base,
			name: 'e',
			authenticate: { type: 'generic', properties: { headers: { 'X-Key': '={{ $credentials.key.toUpperCase() }}' } } },
		}],
		['no authenticate block', { ...base, name: 'f' }],
	];
	for (const [name, type] of refused) {
		it(`leaves ${name} to n8n's helper`, () => {
			assert.equal(staticAuthenticateOf(type), undefined);
		});
	}
});
