import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

/** The example provider's credential: an API key in a header, and the Base URL. */
export class LedgerlyApi implements ICredentialType {
	name = 'ledgerlyApi';

	displayName = 'Ledgerly API (example)';

	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.ledgerly.example' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-Api-Key': '={{ $credentials.apiKey }}' } },
	};
}
