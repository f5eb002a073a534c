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

/**
 * What a HighLevel location id looks like: letters and digits (HighLevel's are 20 of them; `_`
 * and `-` are allowed for other id styles). Anything else in Location ID is a typo, a pasted
 * URL or an expression gone wrong, and is refused rather than matched against nothing.
 */
const LOCATION_ID = /^[A-Za-z0-9_-]+$/;

/** Where to find a location id and why it is required, for every Location ID error. */
const LOCATION_ID_HELP =
	'HighLevel signs every Marketplace app\'s webhooks with one published key, so a valid signature proves only that HighLevel sent the event to some app: without a Location ID, anyone who learns this workflow\'s URL could relay signed events of their own sub-account and run it. ' +
	'The location id is in the sub-account under Settings > Business Profile, or in its URL after /location/ (https://app.gohighlevel.com/v2/location/<location id>/...). Give several separated by commas.';

export type AllowedLocations = { ids: Set<string> } | { problem: string };

/**
 * The Location ID parameter's value as the locations whose deliveries may start the workflow:
 * ids separated by commas (an expression may also yield a list), each trimmed, empty parts and
 * repeats dropped. Nothing here widens the set: empty, `null` (what n8n 2.x makes of an
 * expression that throws) or anything that is not an id is a problem, never "any location".
 */
export function allowedLocations(value: unknown): AllowedLocations {
	const values = Array.isArray(value) ? value : [value];
	const ids = new Set<string>();
	for (const entry of values) {
		if (entry === undefined || entry === null) continue;
		if (typeof entry !== 'string') return { problem: 'Location ID is not text' };
		for (const part of entry.split(',')) {
			const id = part.trim();
			if (id === '') continue;
			if (!LOCATION_ID.test(id) || /^(null|undefined)$/i.test(id)) {
				const shown = id.length > 60 ? `${id.slice(0, 60)}...` : id;
				return { problem: `Location ID "${shown}" is not a HighLevel location id` };
			}
			ids.add(id);
		}
	}
	return ids.size === 0 ? { problem: 'Location ID is empty: set the HighLevel location (sub-account) whose invoice events may start this workflow' } : { ids };
}

function locationsOf(context: IHookFunctions | IWebhookFunctions): AllowedLocations {
	try {
		return allowedLocations(context.getNodeParameter('locationId', ''));
	} catch (error) {
		return { problem: `Location ID could not be evaluated: ${(error as Error).message}` };
	}
}

/**
 * Why a signed delivery is not for one of `allowed`, or undefined when it is. The signed body's
 * `locationId` decides, compared exactly (ids are case-sensitive; HighLevel sends them as
 * given); an `altId` / `altType` the body carries must name the same location.
 * The body is parsed once (JSON.parse, last of duplicate keys wins) and that same object is the
 * item, so this check and the workflow never read two different values of one field.
 */
function locationRefusal(body: IDataObject, allowed: Set<string>): string | undefined {
	const { locationId, altId, altType } = body;
	if (typeof locationId !== 'string' || !allowed.has(locationId)) return 'The delivery is for a location this trigger does not accept: nothing started';
	// `null` claims no location; any other value must be this one.
	if ((altType != null && altType !== 'location') || (altId != null && altId !== locationId)) {
		return 'The delivery\'s altId / altType name another location than its locationId: nothing started';
	}
	return undefined;
}

/** Activation (and "Test this trigger") fails on a setting that would refuse or misjudge every delivery. */
function checkSettings(context: IHookFunctions): void {
	const node = context.getNode();
	parsePublicKey(options(context).publicKey, node);
	const locations = locationsOf(context);
	if ('problem' in locations) throw new NodeOperationError(node, locations.problem, { description: LOCATION_ID_HELP });
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
			'Starts the workflow when HighLevel sends an invoice webhook for your location, and only then: each delivery\'s Ed25519 signature (X-GHL-Signature) and location are verified and replays are refused',
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
				required: true,
				default: '',
				placeholder: 'e.g. ve9EPM428h8vShlRW1KT',
				description:
					'The HighLevel sub-account (location) whose invoice events start the workflow; several separated by commas. Deliveries for any other location are refused. In the sub-account: Settings > Business Profile, or its URL after /location/.',
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
							'A delivery whose timestamp is older than this (or this far in the future) is refused; one whose webhookId was already accepted within it is acknowledged and starts nothing',
					},
				],
			},
		],
	};

	// HighLevel registers webhooks in the Marketplace app, not by API: activation only checks the
	// key and the Location ID, so that a wrong one fails the activation instead of refusing (or,
	// for an empty Location ID, letting in) every delivery.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				checkSettings(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				checkSettings(this);
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
		// After the signature (the body's locationId is signed) and before the replay memory, so
		// that a delivery relayed from another location never uses up a webhookId.
		const locations = locationsOf(this);
		if ('problem' in locations) return refuseDelivery(this, 403, 'The trigger has no usable Location ID: nothing started');
		const elsewhere = locationRefusal(body, locations.ids);
		if (elsewhere) return refuseDelivery(this, 403, elsewhere);

		const claim = claimDelivery(
			this,
			{ field: 'seenWebhookIds', windowMs, maxStored: MAX_REMEMBERED_WEBHOOK_IDS, maxInProcess: MAX_REMEMBERED_WEBHOOK_IDS },
			webhookId,
			sentAt,
			now,
		);
		// A repeat is acknowledged (HighLevel re-sends a delivery it was not answered 2xx for) and
		// starts nothing.
		if (!claim) return ignoreDelivery(this, 'This webhookId was already delivered: nothing started');
		claim.accept();
		return { workflowData: [this.helpers.returnJsonArray(body)] };
	}
}
