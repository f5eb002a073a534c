import type { INodeProperties } from 'n8n-workflow';

import type { Resource } from '../shared/types';

/** `altType`'s only value in HighLevel's invoice API. */
export const ALT_TYPE = 'location';

/**
 * HighLevel's recurring invoice schedules (`/invoices/schedule`): a schedule left running keeps
 * issuing invoices after a clean-up. Its items carry `scheduleId` where invoice items carry `invoiceId`.
 */
export const INVOICE_SCHEDULE: Resource = {
	value: 'invoiceSchedule',
	displayName: 'Invoice Schedule',
	idParameter: 'scheduleId',
	idDisplayName: 'Schedule ID',
	idPlaceholder: 'e.g. {{ $json._id }}',
	noun: ['invoice schedule', 'invoice schedules'],
	one: 'an invoice schedule',
};

/** Location ID and Alt Type, shown for every operation: HighLevel scopes each invoice call by them. */
export const locationProperties: INodeProperties[] = [
	{
		displayName: 'Location ID',
		name: 'altId',
		type: 'string',
		default: '',
		placeholder: 've9EPM428h8vShlRW1KT',
		description:
			'The sub-account (location) the invoice belongs to. Leave empty to use the Location ID of the Private Integration credential, or the location chosen when the OAuth2 credential was connected.',
	},
	{
		displayName: 'Alt Type',
		name: 'altType',
		type: 'options',
		options: [{ name: 'Location', value: ALT_TYPE }],
		default: ALT_TYPE,
		description: 'What the Location ID names. HighLevel accepts only a location (sub-account) here.',
	},
];

/** Which credential the node uses: a Private Integration Token, or a Marketplace app's OAuth2. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Private Integration Token', value: 'privateIntegrationToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'privateIntegrationToken',
	description: 'How the node signs in: a Private Integration Token of one sub-account, or a Marketplace app connected by OAuth2',
};

/** HighLevel adds nothing to the Options collection: the location is each operation's own field. */
export const highLevelOptions: INodeProperties[] = [];
