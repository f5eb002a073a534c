import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { testBaseUrl } from './baseUrl';
import { HIGHLEVEL_API_VERSION } from './InvoiceOpsHighLevelApi.credentials';

const STANDARD_AUTH_URL = 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation';
const WHITE_LABEL_AUTH_URL = 'https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation';

export class InvoiceOpsHighLevelOAuth2Api implements ICredentialType {
	name = 'invoiceOpsHighLevelOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HighLevel (Invoice Ops) OAuth2 API';

	icon: Icon = { light: 'file:../nodes/HighLevel/highLevel.svg', dark: 'file:../nodes/HighLevel/highLevel.dark.svg' };

	documentationUrl = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops#highlevel-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Marketplace',
			name: 'marketplaceAuthUrl',
			type: 'options',
			options: [
				{ name: 'Standard (marketplace.gohighlevel.com)', value: STANDARD_AUTH_URL },
				{ name: 'White-Label (marketplace.leadconnectorhq.com)', value: WHITE_LABEL_AUTH_URL },
			],
			default: STANDARD_AUTH_URL,
			description: 'Where users pick the sub-account to connect: the white-label domain hides the HighLevel brand',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '={{ $self["marketplaceAuthUrl"] }}',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://services.leadconnectorhq.com/oauth/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// The schedule scopes were added with the Invoice Schedule resource: a connection made
			// before lacks them until it is reconnected (README, "HighLevel credentials").
			default: 'invoices.readonly invoices.write invoices/schedule.readonly invoices/schedule.write',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'Scheme and host of the API only. Change it only to reach a proxy or a local sandbox.',
		},
	];

	// n8n signs OAuth2 requests with the access token itself; the node adds the Version header.
	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl('"https://services.leadconnectorhq.com"'),
			url: '/invoices/',
			disableFollowRedirect: true,
			headers: { Version: HIGHLEVEL_API_VERSION },
			qs: {
				altId: '={{ $credentials.oauthTokenData.locationId }}',
				altType: 'location',
				limit: 1,
				offset: 0,
			},
		},
	};
}
