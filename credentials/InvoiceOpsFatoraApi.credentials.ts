import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	AUTHORIZE_METHODS,
	MINTING_PATH,
	FATORA_DEFAULT_BASE_URL,
	mintFatoraToken,
} from './fatoraToken';
import { testBaseUrl } from './baseUrl';

/** The hidden field n8n caches the token in, and clears to mint a new one. */
const TOKEN_FIELD = 'bearerToken';

export class InvoiceOpsFatoraApi implements ICredentialType {
	name = 'invoiceOpsFatoraApi';

	displayName = 'Fatora (Invoice Ops) API';

	icon: Icon = { light: 'file:../nodes/Fatora/fatora.svg', dark: 'file:../nodes/Fatora/fatora.dark.svg' };

	documentationUrl = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops#fatora-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from your Fatora dashboard. Test or live mode is switched in the Fatora account, not here.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: FATORA_DEFAULT_BASE_URL,
			description: 'Scheme and host only. Keep the default; change it only to reach a proxy or a local sandbox.',
		},
		{
			displayName: 'Bearer Token',
			name: TOKEN_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** n8n calls this when the token is empty, or when a request answered 401 (expired token). */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return { [TOKEN_FIELD]: await mintFatoraToken(this, credentials) };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: `=Bearer {{$credentials.${TOKEN_FIELD}}}` },
		},
	};

	// The test is the Authorize call itself, with the first method tried by preAuthentication.
	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl(`"${FATORA_DEFAULT_BASE_URL}"`),
			url: MINTING_PATH,
			disableFollowRedirect: true,
			method: AUTHORIZE_METHODS[0],
			headers: { api_key: '={{ $credentials.apiKey }}' },
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Fatora refused the API key: check it in the Fatora dashboard.' } },
			{ type: 'responseCode', properties: { value: 403, message: 'Fatora says this API key is not active.' } },
			{
				type: 'responseCode',
				properties: {
					value: 405,
					message: `Fatora's Authorize endpoint does not accept ${AUTHORIZE_METHODS[0]} here. The nodes fall back to ${AUTHORIZE_METHODS[1]} by themselves; see the README.`,
				},
			},
		],
	};
}
