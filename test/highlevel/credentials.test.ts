import { Workflow, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { InvoiceOpsHighLevelOAuth2Api } from '../../credentials/InvoiceOpsHighLevelOAuth2Api.credentials';
import { credentialTestRequest, testCredential } from '../harness/credential-test';
import { HighLevelSandbox } from '../sandbox/highlevel';
import { LOCATION, OAUTH_LOCATION, TOKEN, WRONG_TOKEN, oAuth2Api, oAuth2Credential, tokenCredential } from './setup';

const STANDARD = 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation';
const WHITE_LABEL = 'https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation';

/** Resolves a credential default the way n8n does when it builds the authorization URL (`$self`). */
function resolveWithSelf(value: unknown, data: ICredentialDataDecryptedObject): unknown {
	const node: INode = { id: 'n', name: 'n', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} };
	const noNodeTypes = {
		getByName: () => ({ description: { properties: [] } }) as never,
		getByNameAndVersion: () => ({ description: { properties: [] } }) as never,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: noNodeTypes });
	return workflow.expression.getComplexParameterValue(node, value as never, 'internal', {}, undefined, undefined, data);
}

describe('HighLevel credentials', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.clear();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	it('Private Integration: the test lists one invoice of the location, with Bearer and Version', async () => {
		sandbox.addInvoice({ _id: 'inv_1', altId: LOCATION });
		const outcome = await testCredential('invoiceOpsHighLevelApi', tokenCredential(sandbox));

		assert.equal(outcome.status, 'OK');
		const [request] = sandbox.requests;
		assert.equal(request.method, 'GET');
		assert.equal(request.rawPath, '/invoices/');
		assert.deepEqual(request.query, { altId: LOCATION, altType: 'location', limit: '1', offset: '0' });
		assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
		assert.equal(request.headers.version, '2021-07-28');
	});

	it('Private Integration: tells a wrong token and a location the token cannot read apart', async () => {
		const wrongToken = await testCredential('invoiceOpsHighLevelApi', tokenCredential(sandbox, { privateIntegrationToken: WRONG_TOKEN }));
		const otherLocation = await testCredential('invoiceOpsHighLevelApi', tokenCredential(sandbox, { locationId: 'Elsewhere000000001' }));

		assert.equal(wrongToken.status, 'Error');
		assert.match(wrongToken.message, /HighLevel refused the token/);
		assert.equal(otherLocation.status, 'Error');
		assert.match(otherLocation.message, /cannot read invoices of this location/);
	});

	it('Private Integration: an empty Base URL means HighLevel\'s API host', async () => {
		const { request } = await credentialTestRequest('invoiceOpsHighLevelApi', { privateIntegrationToken: 't', locationId: 'L1', baseUrl: '' });
		assert.equal(request.url, 'https://services.leadconnectorhq.com/invoices/');
		assert.deepEqual(request.headers, { Authorization: 'Bearer t', Version: '2021-07-28' });
	});

	it('OAuth2: the test reads the location from the token data and carries Version', async () => {
		const { request } = await credentialTestRequest('invoiceOpsHighLevelOAuth2Api', oAuth2Credential(sandbox), [oAuth2Api]);
		assert.equal(request.url, `${sandbox.url}/invoices/`);
		assert.deepEqual(request.qs, { altId: OAUTH_LOCATION, altType: 'location', limit: 1, offset: 0 });
		assert.deepEqual(request.headers, { Version: '2021-07-28' });
	});

	it('OAuth2: the authorization URL follows the marketplace choice; token URL, scopes and body authentication are fixed', () => {
		const type = new InvoiceOpsHighLevelOAuth2Api();
		assert.deepEqual(type.extends, ['oAuth2Api']);
		const defaults = Object.fromEntries(type.properties.map((property) => [property.name, property.default]));
		assert.equal(defaults.grantType, 'authorizationCode');
		assert.equal(defaults.accessTokenUrl, 'https://services.leadconnectorhq.com/oauth/token');
		assert.equal(defaults.scope, 'invoices.readonly invoices.write invoices/schedule.readonly invoices/schedule.write');
		assert.equal(defaults.authentication, 'body');
		assert.equal(defaults.baseUrl, 'https://services.leadconnectorhq.com');
		const hidden = type.properties.filter((property) => property.type === 'hidden').map((property) => property.name);
		assert.deepEqual(hidden.sort(), ['accessTokenUrl', 'authQueryParameters', 'authUrl', 'authentication', 'grantType', 'scope']);

		const choices = type.properties
			.find((property) => property.name === 'marketplaceAuthUrl')
			?.options?.map((option) => (option as { value: string }).value);
		assert.deepEqual(choices, [STANDARD, WHITE_LABEL]);
		assert.equal(defaults.marketplaceAuthUrl, STANDARD);
		assert.equal(resolveWithSelf(defaults.authUrl, { marketplaceAuthUrl: STANDARD }), STANDARD);
		assert.equal(resolveWithSelf(defaults.authUrl, { marketplaceAuthUrl: WHITE_LABEL }), WHITE_LABEL);
	});
});
