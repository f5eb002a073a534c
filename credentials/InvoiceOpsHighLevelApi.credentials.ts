import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { testBaseUrl } from './baseUrl';

/** The only version HighLevel's invoice endpoints accept (header `Version`), for the nodes too. */
export const HIGHLEVEL_API_VERSION = '2021-07-28';

export class InvoiceOpsHighLevelApi implements ICredentialType {
	name = 'invoiceOpsHighLevelApi';

	displayName = 'HighLevel (Invoice Ops) Private Integration API';

	icon: Icon = { light: 'file:../nodes/HighLevel/highLevel.svg', dark: 'file:../nodes/HighLevel/highLevel.dark.svg' };

	documentationUrl = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops#highlevel-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Private Integration Token',
			name: 'privateIntegrationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A sub-account Private Integration Token with the scopes invoices.readonly and invoices.write, and for recurring invoice schedules invoices/schedule.readonly and invoices/schedule.write (sub-account Settings > Private Integrations)',
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 've9EPM428h8vShlRW1KT',
			description:
				'The sub-account (location) the token belongs to: Settings > Business Profile, or the ID after /location/ in the sub-account URL. The node uses it when its Location ID is empty.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'Scheme and host only. Change it only to reach a proxy or a local sandbox.',
		},
	];

	// HighLevel wants the token as a Bearer token and the API version on every call; both are
	// set here so that the credential also works in n8n's HTTP Request node.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{ $credentials.privateIntegrationToken }}',
				Version: HIGHLEVEL_API_VERSION,
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl('"https://services.leadconnectorhq.com"'),
			url: '/invoices/',
			disableFollowRedirect: true,
			qs: { altId: '={{ $credentials.locationId }}', altType: 'location', limit: 1, offset: 0 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'HighLevel refused the token: check the Private Integration Token.' },
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The token cannot read invoices of this location: check the Location ID and the invoices.readonly scope.',
				},
			},
		],
	};
}
