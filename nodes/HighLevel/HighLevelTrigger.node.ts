import { createPublicKey, verify, type KeyObject } from 'node:crypto';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INode,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { toNumber } from '../shared/coerce';
import { claimDelivery, ignoreDelivery, rawBodyOf, refuseDelivery } from '../shared/webhook';

/** HighLevel's published Ed25519 webhook key (SPKI DER, base64), used when Public Key is empty. */
export const HIGHLEVEL_WEBHOOK_VERIFIER_SPKI = 'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=';

export const HIGHLEVEL_INVOICE_EVENTS = [
	{ name: 'Invoice Created', value: 'InvoiceCreate' },
	{ name: 'Invoice Deleted', value: 'InvoiceDelete' },
	{ name: 'Invoice Paid', value: 'InvoicePaid' },
	{ name: 'Invoice Partially Paid', value: 'InvoicePartiallyPaid' },
	{ name: 'Invoice Sent', value: 'InvoiceSent' },
	{ name: 'Invoice Updated', value: 'InvoiceUpdate' },
	{ name: 'Invoice Voided', value: 'InvoiceVoid' },
];

const DEFAULT_MAX_AGE_SECONDS = 300;

/**
 * Webhook ids remembered per trigger. Ids older than the replay window are dropped anyway (their
 * timestamp is refused); the cap bounds memory when more than this many deliveries arrive
 * within one window, at the price of forgetting the oldest ids early.
 */
export const MAX_REMEMBERED_WEBHOOK_IDS = 10_000;

/** The clock, replaceable by tests (the window's edges are checked against it). */
export const clock = { now: () => Date.now() };

export function parsePublicKey(text: string, node: INode): KeyObject {
	const trimmed = text.trim();
	const source = trimmed === '' ? HIGHLEVEL_WEBHOOK_VERIFIER_SPKI : trimmed;
	let key: KeyObject;
	try {
		key = source.includes('-----BEGIN')
			? createPublicKey(source)
			: createPublicKey({ key: Buffer.from(source.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
	} catch (error) {
		throw new NodeOperationError(node, 'The Public Key is not a public key', {
			description: `Give it as PEM (-----BEGIN PUBLIC KEY-----) or as the base64 of its SPKI DER, or leave it empty for HighLevel's own key. ${(error as Error).message}`,
		});
	}
	if (key.asymmetricKeyType !== 'ed25519') {
		throw new NodeOperationError(node, `The Public Key is a ${key.asymmetricKeyType ?? 'unknown'} key, not an Ed25519 one`, {
			description: 'HighLevel signs X-GHL-Signature with Ed25519.',
		});
	}
	return key;
}

/** Milliseconds since the epoch of HighLevel's `timestamp` (ISO 8601; epoch seconds or ms also read). */
function timestampMs(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
	if (typeof value === 'string' && value.trim() !== '') {
		if (/^\d+$/.test(value.trim())) return timestampMs(Number(value.trim()));
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	return undefined;
}

function options(context: IHookFunctions | IWebhookFunctions): { publicKey: string; maxAgeSeconds: number } {
	const raw = context.getNodeParameter('options', {}) as IDataObject;
	const maxAgeSeconds = toNumber(raw.maxAgeSeconds, 'maxAgeSeconds', { min: 1, max: 86_400 }, DEFAULT_MAX_AGE_SECONDS);
	return { publicKey: String(raw.publicKey ?? ''), maxAgeSeconds };
}

export class HighLevelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Invoice Ops Trigger',
		name: 'highLevelTrigger',
		icon: { light: 'file:highLevel.svg', dark: 'file:highLevel.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when HighLevel sends an invoice webhook, and only then: each delivery\'s Ed25519 signature (X-GHL-Signature) is verified and replays are refused',
		defaults: { name: 'HighLevel Invoice Ops Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'HighLevel has no API to register webhooks: paste this node\'s Production URL into your Marketplace app (Advanced Settings > Webhooks) and tick the same invoice events there',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: HIGHLEVEL_INVOICE_EVENTS,
				description: 'The invoice events that start the workflow; others are answered 200 and start nothing',
			},
			{
				displayName: 'Location ID',
				name: 'locationId',
				type: 'string',
				default: '',
				description: 'Only events of this sub-account (location) start the workflow. Empty: every location that installed the app.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Public Key',
						name: 'publicKey',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
						description:
							'The Ed25519 key that verifies X-GHL-Signature, as PEM or as the base64 of its SPKI DER. Empty: HighLevel\'s published key.',
					},
					{
						displayName: 'Replay Window (Seconds)',
						name: 'maxAgeSeconds',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 86400 },
						default: DEFAULT_MAX_AGE_SECONDS,
						description:
							'A delivery whose timestamp is older than this (or this far in the future), or whose webhookId was already seen within it, is refused',
					},
				],
			},
		],
	};

	// HighLevel registers webhooks in the Marketplace app, not by API: activation only checks the
	// key, so that a wrong one fails the activation instead of refusing every delivery.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				parsePublicKey(options(this).publicKey, this.getNode());
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const { publicKey, maxAgeSeconds } = options(this);
		let key: KeyObject;
		try {
			key = parsePublicKey(publicKey, this.getNode());
		} catch {
			return refuseDelivery(this, 401, 'The trigger has no valid public key to verify the signature with');
		}
		const signatureHeader = this.getHeaderData()['x-ghl-signature'];
		const signature = typeof signatureHeader === 'string' ? Buffer.from(signatureHeader.trim(), 'base64') : undefined;
		const raw = await rawBodyOf(this);
		// Ed25519 signatures are 64 bytes; anything else cannot verify.
		if (!signature || signature.length !== 64 || !raw) return refuseDelivery(this, 401, 'Missing or malformed X-GHL-Signature');
		let genuine = false;
		try {
			genuine = verify(null, raw, key, signature);
		} catch {
			genuine = false;
		}
		if (!genuine) return refuseDelivery(this, 401, 'The X-GHL-Signature does not match the body');

		// The item is what was signed: the raw bytes, parsed here, never a re-serialised copy.
		let body: IDataObject;
		try {
			body = JSON.parse(raw.toString('utf8')) as IDataObject;
		} catch {
			return refuseDelivery(this, 400, 'The signed body is not JSON');
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			return refuseDelivery(this, 400, 'The signed body is not a JSON object');
		}

		const now = clock.now();
		const windowMs = maxAgeSeconds * 1000;
		const sentAt = timestampMs(body.timestamp);
		if (sentAt === undefined) return refuseDelivery(this, 403, 'The delivery has no timestamp: it cannot be told from a replay');
		if (now - sentAt > windowMs) return refuseDelivery(this, 403, 'The delivery is older than the replay window');
		if (sentAt - now > windowMs) return refuseDelivery(this, 403, 'The delivery\'s timestamp is in the future');
		const webhookId = body.webhookId;
		if (typeof webhookId !== 'string' || webhookId === '') {
			return refuseDelivery(this, 403, 'The delivery has no webhookId: it cannot be told from a replay');
		}

		const events = this.getNodeParameter('events', []) as string[];
		if (typeof body.type !== 'string' || !events.includes(body.type)) {
			return ignoreDelivery(this, 'Event type not selected in this trigger: nothing started');
		}
		const locationId = String(this.getNodeParameter('locationId', '') ?? '').trim();
		if (locationId !== '' && body.locationId !== locationId) {
			return ignoreDelivery(this, 'Event of another location: nothing started');
		}

		const claim = claimDelivery(
			this,
			{ field: 'seenWebhookIds', windowMs, maxStored: MAX_REMEMBERED_WEBHOOK_IDS, maxInProcess: MAX_REMEMBERED_WEBHOOK_IDS },
			webhookId,
			sentAt,
			now,
		);
		if (!claim) return refuseDelivery(this, 403, 'This webhookId was already delivered');
		claim.accept();
		return { workflowData: [this.helpers.returnJsonArray(body)] };
	}
}
