/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- made-up credentials that only the local sandbox knows */
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject } from 'n8n-workflow';

import type { StoredCredential } from '../harness/credentials-helper';
import { runNode, type RunNodeResult } from '../harness/engine';
import type { HighLevelSandbox } from '../sandbox/highlevel';

export const LOCATION = 've9EPM428h8vShlRW1KT';
export const OTHER_LOCATION = 'Zt0OtherLocation77';
export const TOKEN = 'pit-6f1c2a9e-44b0-4c1e-9d7a-7a1b2c3d4e5f';
export const WRONG_TOKEN = 'pit-0bad0bad-1111-2222-3333-444455556666';
export const OAUTH_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.oauth-access-token.c2lnbmF0dXJl';
export const OAUTH_LOCATION = 'OAuthLocation0001';
export const CLIENT_SECRET = 'client-secret-5b7e1f0a';
export const REFRESH_TOKEN = 'refresh-token-3c9d7e21';

/** n8n's `oAuth2Api` (packages/nodes-base), reduced to the fields requestOAuth2 reads. */
export const oAuth2Api: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	genericAuth: true,
	properties: [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
				{ name: 'PKCE', value: 'pkce' },
			],
			default: 'authorizationCode',
		},
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '', required: true },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '', required: true },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
	],
};

export function tokenCredential(
	sandbox: HighLevelSandbox,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { privateIntegrationToken: TOKEN, locationId: LOCATION, baseUrl: sandbox.url, ...overrides };
}

/** What n8n stores after the OAuth2 flow: HighLevel's token response, with its `locationId`. */
export function oAuth2Credential(sandbox: HighLevelSandbox, tokenData: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		clientId: 'highlevel-client-id',
		clientSecret: CLIENT_SECRET,
		baseUrl: sandbox.url,
		// Hidden and fixed in the UI; pointed at the sandbox so that no test can reach HighLevel.
		accessTokenUrl: `${sandbox.url}/oauth/token`,
		oauthTokenData: {
			access_token: OAUTH_TOKEN,
			token_type: 'Bearer',
			expires_in: 86399,
			refresh_token: REFRESH_TOKEN,
			scope: 'invoices.readonly invoices.write',
			userType: 'Location',
			companyId: 'Company00000001',
			locationId: OAUTH_LOCATION,
			userId: 'User00000000001',
			...tokenData,
		},
	};
}

export interface RunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	credential?: ICredentialDataDecryptedObject;
	/** Credential storage shared with the test, to see what n8n wrote back (a refreshed token). */
	store?: Map<string, StoredCredential>;
}

/** Runs the HighLevel node with the Private Integration Token credential. */
export async function runWithToken(
	sandbox: HighLevelSandbox,
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<RunNodeResult> {
	return await runNode({
		node: 'highLevel',
		parameters: { resource: 'invoice', ...parameters } as never,
		credentials: { invoiceOpsHighLevelApi: options.credential ?? tokenCredential(sandbox) },
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}

/** Runs the HighLevel node with the OAuth2 credential, through n8n-core's requestOAuth2. */
export async function runWithOAuth2(
	sandbox: HighLevelSandbox,
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<RunNodeResult> {
	return await runNode({
		node: 'highLevel',
		parameters: { resource: 'invoice', authentication: 'oAuth2', ...parameters } as never,
		credentials: { invoiceOpsHighLevelOAuth2Api: options.credential ?? oAuth2Credential(sandbox) },
		extraCredentialTypes: [oAuth2Api],
		store: options.store,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}
