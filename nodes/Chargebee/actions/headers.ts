import type { IDataObject, INodeProperties } from 'n8n-workflow';

const ALL_DISABLED = 'all-disabled';

/** Chargebee's optional request headers, from the node's Options (seeds 001 and 004). */
export function chargebeeHeaders(options: IDataObject, isWrite: boolean): Record<string, string> {
	const headers: Record<string, string> = {};
	const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string).trim() : '');
	if (text('businessEntityId')) headers['chargebee-business-entity-id'] = text('businessEntityId');
	if (text('originUser')) headers['chargebee-request-origin-user'] = text('originUser');
	if (text('originUserEncoded')) {
		// Chargebee wants the UTF-8 email Base64-encoded; users type the email itself.
		headers['chargebee-request-origin-user-encoded'] = Buffer.from(text('originUserEncoded'), 'utf8').toString('base64');
	}
	if (text('originIp')) headers['chargebee-request-origin-ip'] = text('originIp');
	if (text('originDevice')) headers['chargebee-request-origin-device'] = text('originDevice');
	if (!isWrite) return headers;
	if (options.suppressEventActions === true) headers['chargebee-event-actions'] = ALL_DISABLED;
	if (options.suppressEmails === true) headers['chargebee-event-email'] = ALL_DISABLED;
	if (options.suppressWebhooks === true) headers['chargebee-event-webhook'] = ALL_DISABLED;
	if (text('idempotencyKey')) headers['chargebee-idempotency-key'] = text('idempotencyKey');
	return headers;
}

const WRITES = ['delete', 'void', 'writeOff'];

/** Options shown only for the write operations. */
const writeOnly = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { show: { '/operation': WRITES } },
});

export const chargebeeOptions: INodeProperties[] = [
	{
		displayName: 'Business Entity ID',
		name: 'businessEntityId',
		type: 'string',
		default: '',
		description: 'For sites with several business entities: the entity Chargebee acts for (sent as the business entity ID header)',
	},
	writeOnly({
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		description: 'Up to 100 characters. Chargebee applies a request with the same key only once (header chargebee-idempotency-key). Empty: the node sends a key of its own per item, the same on every retry.',
	}),
	{
		displayName: 'Origin Device',
		name: 'originDevice',
		type: 'string',
		default: '',
		description: 'The device the customer made the request from (header chargebee-request-origin-device)',
	},
	{
		displayName: 'Origin IP',
		name: 'originIp',
		type: 'string',
		default: '',
		description: 'The IP address the request came from (header chargebee-request-origin-ip)',
	},
	{
		displayName: 'Origin User',
		name: 'originUser',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		description: 'Email address of the customer or user, ASCII only (header chargebee-request-origin-user)',
	},
	{
		displayName: 'Origin User (UTF-8)',
		name: 'originUserEncoded',
		type: 'string',
		default: '',
		placeholder: 'zoë@example.com',
		description: 'Email address with non-ASCII characters. The node Base64-encodes it (header chargebee-request-origin-user-encoded, which takes precedence over Origin User).',
	},
	writeOnly({
		displayName: 'Suppress Emails',
		name: 'suppressEmails',
		type: 'boolean',
		default: false,
		description: 'Whether to skip the emails Chargebee would send for this change (header chargebee-event-email: all-disabled)',
	}),
	writeOnly({
		displayName: 'Suppress Event Actions',
		name: 'suppressEventActions',
		type: 'boolean',
		default: false,
		description: 'Whether to skip all actions of the events this change raises (header chargebee-event-actions: all-disabled)',
	}),
	writeOnly({
		displayName: 'Suppress Webhooks',
		name: 'suppressWebhooks',
		type: 'boolean',
		default: false,
		description: 'Whether to skip the webhooks of this change: useful when the workflow was itself started by a Chargebee webhook (header chargebee-event-webhook: all-disabled)',
	}),
];
