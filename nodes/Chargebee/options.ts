import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ParameterError, toBoolean } from '../shared/coerce';
import { WRITE_VERBS } from '../shared/verbs';

const ALL_DISABLED = 'all-disabled';

interface HeaderOption {
	option: string;
	displayName: string;
	header: string;
}

/** Text options sent as they are: HTTP header values, so printable ASCII only. */
const TEXT_HEADERS: HeaderOption[] = [
	{ option: 'businessEntityId', displayName: 'Business Entity ID', header: 'chargebee-business-entity-id' },
	{ option: 'originUser', displayName: 'Origin User', header: 'chargebee-request-origin-user' },
	{ option: 'originIp', displayName: 'Origin IP', header: 'chargebee-request-origin-ip' },
	{ option: 'originDevice', displayName: 'Origin Device', header: 'chargebee-request-origin-device' },
];

const IDEMPOTENCY_KEY: HeaderOption = { option: 'idempotencyKey', displayName: 'Idempotency Key', header: 'chargebee-idempotency-key' };

/** Boolean options that switch one of Chargebee's event behaviours off for a write. */
const SUPPRESS_HEADERS: HeaderOption[] = [
	{ option: 'suppressEventActions', displayName: 'Suppress Event Actions', header: 'chargebee-event-actions' },
	{ option: 'suppressEmails', displayName: 'Suppress Emails', header: 'chargebee-event-email' },
	{ option: 'suppressWebhooks', displayName: 'Suppress Webhooks', header: 'chargebee-event-webhook' },
];

const PRINTABLE_ASCII = /^[ -~]*$/;

/** Whether `text` holds a control character (C0, or DEL): never part of an email address. */
const hasControlCharacter = (text: string) => [...text].some((character) => character < ' ' || character === '\u007f');

/** A text option, trimmed; a number is its digits; anything else is refused. */
function textOption(options: IDataObject, option: string, displayName: string): string {
	const value = options[option];
	if (value === undefined || value === null) return '';
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') throw new ParameterError(displayName, `The option "${displayName}" must be text`);
	return value.trim();
}

/** A text option that travels as a header value as it is: printable ASCII, else refused. */
function asciiOption(options: IDataObject, { option, displayName }: HeaderOption): string {
	const value = textOption(options, option, displayName);
	if (!PRINTABLE_ASCII.test(value)) {
		const hint = option === 'originUser' ? ' For an email address with other characters, use "Origin User (UTF-8)".' : '';
		throw new ParameterError(
			displayName,
			`The option "${displayName}" may hold only printable ASCII characters (it is sent as an HTTP header)`,
			`Remove line breaks, control characters and non-ASCII letters.${hint}`,
		);
	}
	return value;
}

/** The user's Idempotency Key (empty when none), checked like every header value. */
export function idempotencyKeyOption(options: IDataObject): string {
	return asciiOption(options, IDEMPOTENCY_KEY);
}

/**
 * Chargebee's optional request headers, from the node's Options. Every value is checked before
 * any request: a header value Chargebee would receive mangled is refused, naming the option.
 */
export function chargebeeHeaders(options: IDataObject, isWrite: boolean): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const header of TEXT_HEADERS) {
		const value = asciiOption(options, header);
		if (value) headers[header.header] = value;
	}
	const encoded = textOption(options, 'originUserEncoded', 'Origin User (UTF-8)');
	if (hasControlCharacter(encoded)) {
		throw new ParameterError('Origin User (UTF-8)', 'The option "Origin User (UTF-8)" may not hold line breaks or control characters');
	}
	// Chargebee wants the UTF-8 email Base64-encoded; users type the email itself.
	if (encoded) headers['chargebee-request-origin-user-encoded'] = Buffer.from(encoded, 'utf8').toString('base64');
	if (!isWrite) return headers;
	for (const { option, displayName, header } of SUPPRESS_HEADERS) {
		if (toBoolean(options[option], displayName)) headers[header] = ALL_DISABLED;
	}
	const idempotencyKey = idempotencyKeyOption(options);
	if (idempotencyKey) headers[IDEMPOTENCY_KEY.header] = idempotencyKey;
	return headers;
}

/** Options shown only for the write operations. */
const writeOnly = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { show: { '/operation': WRITE_VERBS } },
});

export const chargebeeOptions: INodeProperties[] = [
	{
		displayName: 'Business Entity ID',
		name: 'businessEntityId',
		type: 'string',
		default: '',
		placeholder: 'e.g. acme-eu',
		description: 'For sites with several business entities: the entity Chargebee acts for (sent as the business entity ID header)',
	},
	writeOnly({
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. cleanup-2026-03-inv_2025_0042',
		description: 'Up to 100 characters. Chargebee applies a request with the same key only once (header chargebee-idempotency-key). Empty: the node sends a key of its own per item, the same on every retry.',
	}),
	{
		displayName: 'Origin Device',
		name: 'originDevice',
		type: 'string',
		default: '',
		placeholder: 'e.g. web',
		description: 'The device the customer made the request from (header chargebee-request-origin-device)',
	},
	{
		displayName: 'Origin IP',
		name: 'originIp',
		type: 'string',
		default: '',
		placeholder: 'e.g. 203.0.113.7',
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
