import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { testBaseUrl } from './baseUrl';

export class InvoiceOpsChartMogulApi implements ICredentialType {
	name = 'invoiceOpsChartMogulApi';

	displayName = 'ChartMogul (Invoice Ops) API';

	icon: Icon = { light: 'file:../nodes/ChartMogul/chartmogul.svg', dark: 'file:../nodes/ChartMogul/chartmogul.dark.svg' };

	documentationUrl = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops#chartmogul-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An API key with read and write access (Profile > View Profile > API Keys in ChartMogul)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.chartmogul.com',
			description: 'Scheme and host only. Keep the default for ChartMogul; change it to reach a proxy or a local sandbox.',
		},
	];

	// ChartMogul uses HTTP Basic auth with the API key as the username and an empty password.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{ $credentials.apiKey }}', password: '' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl('"https://api.chartmogul.com"'),
			url: '/v1/ping',
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'ChartMogul refused the API key: check that it is active and copied whole.' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'ChartMogul refused the API key for this request: check its access level.' },
			},
		],
	};
}
