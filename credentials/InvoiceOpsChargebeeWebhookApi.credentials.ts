import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Nothing at Chargebee can check these values, so the Chargebee Invoice Ops Trigger tests them
 * itself (`testedBy`). The HTTP Basic auth Chargebee sends with each webhook delivery, for a webhook endpoint set up
 * by hand in Chargebee (Chargebee Invoice Ops Trigger with Register Webhook off).
 */
export class InvoiceOpsChargebeeWebhookApi implements ICredentialType {
	name = 'invoiceOpsChargebeeWebhookApi';

	displayName = 'Chargebee (Invoice Ops) Webhook API';

	icon: Icon = { light: 'file:../nodes/Chargebee/chargebee.svg', dark: 'file:../nodes/Chargebee/chargebee.dark.svg' };

	documentationUrl = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops#chargebee-invoice-ops-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The Basic Authentication username set on the webhook in Chargebee (Settings > Configure Chargebee > Webhooks)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Basic Authentication password set on the webhook in Chargebee. Use a long random one: it is what tells Chargebee\'s deliveries from forgeries.',
		},
	];

	// The same Basic auth Chargebee sends, so the credential can also call the webhook URL itself.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{ $credentials.username }}', password: '={{ $credentials.password }}' },
		},
	};
}
