import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { TestCredentialsHelper } from '../harness/credentials-helper';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { Sandbox, type RecordedRequest } from '../sandbox/server';
import { BEARER, PLAIN_HELPER_CHARGEBEE, PLAIN_HELPER_TOKEN, testNodeTypes, tokenCredential } from './test-nodes';

/** Counts how often n8n had to resolve (in real n8n: load and decrypt) a credential. */
class CountingCredentialsHelper extends TestCredentialsHelper {
	resolutions = 0;

	authentications = 0;

	override async getDecrypted(...args: Parameters<TestCredentialsHelper['getDecrypted']>): Promise<ICredentialDataDecryptedObject> {
		this.resolutions++;
		return await super.getDecrypted(...args);
	}

	override async authenticate(...args: Parameters<TestCredentialsHelper['authenticate']>) {
		this.authentications++;
		return await super.authenticate(...args);
	}
}

/** What a provider sees of a request's authentication. */
const authOf = (request: RecordedRequest) => ({ authorization: request.headers.authorization, account: request.headers['x-account'] });

describe('Transport: every request through n8n\'s authenticated helper, the credential read once', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const voidAll = async (items: number) => {
		let helper: CountingCredentialsHelper | undefined;
		const ids = Array.from({ length: items }, (_, index) => `inv_${index}`);
		for (const id of ids) sandbox.addInvoice({ id });
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: '={{ $json.id }}', comment: 'dup' } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
			credentialsHelper: (types, store) => (helper = new CountingCredentialsHelper(types, store)),
		});
		assert.equal(result.error, undefined, result.error?.message);
		return { result, helper: helper! };
	};

	it("authenticates exactly as n8n's helper does for any node with this credential", async () => {
		await voidAll(1);
		const fromNode = authOf(sandbox.requests[0]);
		sandbox.requests.length = 0;
		const plain = await runNode({
			node: PLAIN_HELPER_CHARGEBEE,
			parameters: { path: '/api/v2/invoices?limit=1' },
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			extraNodeTypes: testNodeTypes,
		});
		assert.equal(plain.error, undefined, plain.error?.message);

		assert.deepEqual(fromNode, authOf(sandbox.requests[0]));
		assert.equal(fromNode.authorization, `Basic ${Buffer.from(`${sandbox.apiKey}:`).toString('base64')}`);
	});

	it('reads the credential once per execution, and n8n applies it to every request', async () => {
		const { result, helper } = await voidAll(20);

		assert.equal(result.items.length, 20);
		assert.equal(helper.resolutions, 1, 'read once, handed back as credentialsDecrypted');
		assert.equal(helper.authentications, 20, "n8n's CredentialsHelper authenticated every request");
	});
});

describe('Transport: other generic authenticate blocks, applied by n8n', () => {
	let recorder: Sandbox;

	before(async () => {
		recorder = await Sandbox.start(() => ({ status: 200, body: { invoice: { id: 'inv_1' } } }));
	});
	after(async () => await recorder.close());

	it("a Bearer template, a whole-value header and a query parameter, as n8n's helper sends them", async () => {
		const credentials = { [tokenCredential.name]: { token: 'tok_3x9', account: 'acct 7', baseUrl: recorder.url } };
		const fromNode = await runNode({
			node: BEARER,
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' } as never,
			credentials,
			extraNodeTypes: testNodeTypes,
			extraCredentialTypes: [tokenCredential],
		});
		const plain = await runNode({
			node: PLAIN_HELPER_TOKEN,
			parameters: { path: '/x' },
			credentials,
			extraNodeTypes: testNodeTypes,
			extraCredentialTypes: [tokenCredential],
		});

		assert.equal(fromNode.error, undefined, fromNode.error?.message);
		assert.equal(plain.error, undefined, plain.error?.message);
		const [nodeRequest, plainRequest] = recorder.requests;
		assert.deepEqual(authOf(nodeRequest), authOf(plainRequest));
		assert.equal(nodeRequest.headers.authorization, 'Bearer tok_3x9');
		assert.equal(nodeRequest.headers['x-account'], 'acct 7');
		assert.equal(nodeRequest.query.account, 'acct 7');
	});
});
