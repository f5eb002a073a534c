import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { CHARGEBEE_SITE_HOST, testBaseUrl } from './baseUrl';

export class InvoiceOpsChargebeeApi implements ICredentialType {
	name = 'invoiceOpsChargebeeApi';

	displayName = 'Chargebee (Invoice Ops) API';

	icon: Icon = { light: 'file:../nodes/Chargebee/chargebee.svg', dark: 'file:../nodes/Chargebee/chargebee.dark.svg' };

	documentationUrl = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops#chargebee-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Site',
			name: 'site',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme-test',
			description: 'The subdomain of your Chargebee site: "acme" for acme.chargebee.com. Test sites are their own site, usually "acme-test".',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A full-access or invoice-write API key (Settings > Configure Chargebee > API Keys)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.chargebee.com',
			description: 'Leave empty to use https://{site}.chargebee.com. Scheme and host only; set it to reach a proxy or a local sandbox.',
		},
	];

	// Chargebee uses HTTP Basic auth with the API key as the username and an empty password.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{ $credentials.apiKey }}', password: '' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl(CHARGEBEE_SITE_HOST),
			url: '/api/v2/invoices',
			qs: { limit: 1 },
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Chargebee refused the API key: check that it belongs to this site and is active.' },
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'Chargebee does not know this site: check the Site (e.g. "acme-test" for a test site).' },
			},
		],
	};
}
