import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { testCredential } from '../harness/credential-test';
import { credentialTypes } from '../harness/package';
import { FatoraSandbox } from '../sandbox/fatora';

const CREDENTIAL_TYPE = 'invoiceOpsFatoraApi';

describe('Fatora credential', () => {
	let sandbox: FatoraSandbox;

	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	it('tests the key with the Authorize call itself', async () => {
		const outcome = await testCredential(CREDENTIAL_TYPE, sandbox.credentials());

		assert.equal(outcome.status, 'OK');
		assert.equal(sandbox.requests.length, 1);
		const [request] = sandbox.requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.rawPath, '/v1/Authorization/Authorize');
		assert.equal(request.headers.api_key, sandbox.apiKey);
	});

	it('names a refused key', async () => {
		const outcome = await testCredential(CREDENTIAL_TYPE, sandbox.credentials({ apiKey: `${sandbox.apiKey}-old` }));

		assert.equal(outcome.status, 'Error');
		assert.equal(outcome.message, 'Fatora refused the API key: check it in the Fatora dashboard.');
	});

	it('explains a 405 when the account\'s Authorize accepts only POST', async () => {
		sandbox.authorizeMethods = ['POST'];
		const outcome = await testCredential(CREDENTIAL_TYPE, sandbox.credentials());

		assert.equal(outcome.status, 'Error');
		assert.match(outcome.message, /does not accept GET here\. The nodes fall back to POST by themselves/);
	});

	it('declares a hidden expirable token field, filled by preAuthentication and sent as Bearer', () => {
		const credential = credentialTypes().find((type) => type.name === CREDENTIAL_TYPE)!;
		const field = (name: string) => credential.properties.find((property) => property.name === name)!;

		assert.equal(field('bearerToken').type, 'hidden');
		assert.deepEqual(field('bearerToken').typeOptions, { expirable: true, password: true });
		assert.equal(field('bearerToken').default, '', 'n8n mints a token only while the field is empty');
		assert.equal(field('apiKey').typeOptions?.password, true);
		assert.equal(field('baseUrl').default, 'https://api.fatora.io');
		assert.equal(typeof credential.preAuthentication, 'function');
		assert.deepEqual(credential.authenticate, {
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.bearerToken}}' } },
		});
	});
});
