import { randomBytes } from 'node:crypto';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type INodeCredentialTestResult,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { toBoolean } from '../shared/coerce';
import { systemClock } from '../shared/pacing';
import { settle } from '../shared/settle';
import { encodePathSegment } from '../shared/transport';
import {
	claimDelivery,
	deliveryBeingChecked,
	ignoreDelivery,
	refuseDelivery,
	secretsEqual,
	type DeliveryMemoryRule,
} from '../shared/webhook';
import {
	CHARGEBEE_INVOICE_EVENTS,
	ChargebeeWebhookApi,
	DELIVERY_RETRY_POLICY,
	HOOK_RETRY_POLICY,
	type WebhookEndpoint,
} from './webhook';

/** What the trigger keeps in the workflow's static data for the endpoint it registered. */
interface Registration {
	webhookEndpointId?: string;
	basicAuthUsername?: string;
	basicAuthPassword?: string;
}

// Chargebee limits an endpoint's name; the workflow id keeps it unique when the name is cut.
const MAX_NAME_LENGTH = 50;

// A guessable password would let anyone who finds the URL start the workflow.
const MIN_PASSWORD_LENGTH = 16;

/**
 * How long an accepted event id is remembered, and the oldest event accepted at all. Chargebee
 * re-sends an unanswered event 7 times over about three days and seven hours (2 min, 6 min,
 * 30 min, 1 h, 5 h, 1 day and 2 days apart); four days covers its last attempt with a margin,
 * and an event older than that can only be a replay.
 */
export const EVENT_WINDOW_MS = 4 * 24 * 3_600_000;

/** How far in the future an `occurred_at` may lie: clock drift between Chargebee and n8n. */
export const EVENT_FUTURE_SKEW_MS = 10 * 60_000;

/**
 * The event-id memory. n8n saves the static data with the workflow after every delivery, so it
 * stays small: 5,000 ids are about 200 KB. The process memory (not saved) keeps more, for busy
 * sites; past either bound the oldest ids are forgotten early.
 */
export const EVENT_MEMORY: DeliveryMemoryRule = {
	field: 'acceptedEventIds',
	windowMs: EVENT_WINDOW_MS,
	maxStored: 5_000,
	maxInProcess: 50_000,
};

function endpointName(context: IHookFunctions): string {
	const workflow = context.getWorkflow();
	const name = `n8n ${workflow.id ?? ''} ${workflow.name ?? ''}`.replace(/\s+/g, ' ').trim();
	return name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH) : name;
}

function selectedEvents(context: IHookFunctions | IWebhookFunctions): string[] {
	const events = context.getNodeParameter('events', []) as unknown;
	return Array.isArray(events) ? events.map(String) : [];
}

function flag(context: IHookFunctions | IWebhookFunctions, name: string): boolean {
	return toBoolean(context.getNodeParameter(name, true), name, true);
}

function registration(context: IHookFunctions | IWebhookFunctions): Registration {
	return context.getWorkflowStaticData('node') as Registration;
}

function forget(data: Registration) {
	delete data.webhookEndpointId;
	delete data.basicAuthUsername;
	delete data.basicAuthPassword;
}

/** `Authorization: Basic base64(user:password)` decoded, or undefined. */
function basicAuthOf(header: unknown): string | undefined {
	if (typeof header !== 'string' || !/^basic /i.test(header)) return undefined;
	return Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
}

function invoiceIdOf(event: IDataObject): unknown {
	const content = event.content as IDataObject | undefined;
	const invoice = content?.invoice as IDataObject | undefined;
	return invoice?.id;
}

/** Why the Chargebee Webhook credential cannot protect the trigger, or undefined when it can. */
function webhookCredentialProblem(username: unknown, password: unknown): string | undefined {
	if (typeof username !== 'string' || username.trim() === '') {
		return 'Enter the Basic auth username set on the webhook in Chargebee';
	}
	// Counted in characters (code points), not UTF-16 units, and without what adds nothing a guess
	// has to find: whitespace, invisible format and control characters (zero-width space, soft
	// hyphen) and combining marks (an accent counts with its letter, as it is seen).
	if (typeof password !== 'string' || [...password.replace(/[\s\p{M}\p{Cc}\p{Cf}]/gu, '')].length < MIN_PASSWORD_LENGTH) {
		return `Use a password of at least ${MIN_PASSWORD_LENGTH} characters, not counting spaces, invisible characters or combining marks: it is all that tells Chargebee's deliveries from forgeries`;
	}
	return undefined;
}

/** The Basic auth a delivery must carry, or undefined when none can be trusted (every delivery is then 401). */
async function expectedBasicAuth(context: IWebhookFunctions): Promise<string | undefined> {
	if (flag(context, 'registerWebhook')) {
		const data = registration(context);
		return data.basicAuthUsername && data.basicAuthPassword ? `${data.basicAuthUsername}:${data.basicAuthPassword}` : undefined;
	}
	const { username, password } = await context.getCredentials('invoiceOpsChargebeeWebhookApi');
	// A short or empty password, or no username, would let a guess in.
	if (webhookCredentialProblem(username, password) !== undefined) return undefined;
	return `${String(username)}:${String(password)}`;
}

/** With Register Webhook off, activation fails while the credential could not protect the trigger. */
async function requireWebhookCredential(context: IHookFunctions): Promise<void> {
	const { username, password } = await context.getCredentials('invoiceOpsChargebeeWebhookApi');
	const problem = webhookCredentialProblem(username, password);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `The Chargebee Webhook credential cannot protect this trigger: ${problem}`, {
			description: 'Until it is fixed, every delivery is refused (401). Set the same username and password on the webhook in Chargebee.',
		});
	}
}

/** `occurred_at` (Unix seconds) in epoch ms, or undefined when it is not one. */
function occurredAtMs(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value * 1000 : undefined;
}

/** The form of a registration: for a new endpoint, and to take over one the workflow lost track of. */
function endpointForm(context: IHookFunctions, url: string, events: string[], username: string, password: string): IDataObject {
	const form: IDataObject = {
		name: endpointName(context),
		url,
		api_version: 'v2',
		basic_auth_username: username,
		basic_auth_password: password,
	};
	events.forEach((event, index) => {
		form[`enabled_events[${index}]`] = event;
	});
	return form;
}

/**
 * Registers the endpoint. When an attempt's answer was lost, Chargebee may have created it all
 * the same: the endpoints are listed again and one found at this URL is taken over before failing.
 */
async function createOrFind(context: IHookFunctions, api: ChargebeeWebhookApi, url: string, form: IDataObject): Promise<WebhookEndpoint> {
	const created = await settle(api.create(form, randomBytes(16).toString('hex')));
	if (created.ok) return created.value;
	const found = api.unclear ? await adoptOrphans(context, api, url, form) : undefined;
	if (!found) throw created.error;
	return found;
}

/**
 * Endpoints at this trigger's URL that the workflow does not know: left by a registration whose
 * answer was lost, or by a workflow restored without its static data. Their password is unknown,
 * so each would answer Chargebee 401 for two days. The first is taken over (updated with the new
 * password and events, and enabled), the others deleted; returns the one taken over.
 */
async function adoptOrphans(
	context: IHookFunctions,
	api: ChargebeeWebhookApi,
	url: string,
	form: IDataObject,
): Promise<WebhookEndpoint | undefined> {
	const orphans = (await api.list()).filter((endpoint) => endpoint.url === url);
	if (orphans.length === 0) return undefined;
	const [first, ...others] = orphans;
	const adopted = await api.update(first.id, { ...form, disabled: false }, 'take over the webhook endpoint');
	for (const other of others) await api.remove(other.id, 'delete the duplicate webhook endpoint');
	context.logger.warn(
		`Chargebee Invoice Ops Trigger: Chargebee had ${orphans.length} webhook endpoint(s) at this trigger's URL that the workflow did not know (a registration whose answer was lost); ${adopted ? `took over ${first.id} with a new password` : `${first.id} disappeared meanwhile`}${others.length ? `, deleted ${others.map((endpoint) => endpoint.id).join(', ')}` : ''}`,
		{ workflowId: context.getWorkflow().id },
	);
	return adopted;
}

export class ChargebeeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chargebee Invoice Ops Trigger',
		name: 'chargebeeTrigger',
		icon: { light: 'file:chargebee.svg', dark: 'file:chargebee.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when Chargebee sends an invoice event, and only then: every delivery must carry the webhook\'s Basic auth, and each event is confirmed with Chargebee before the workflow runs',
		defaults: { name: 'Chargebee Invoice Ops Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'invoiceOpsChargebeeApi', required: true },
			{
				name: 'invoiceOpsChargebeeWebhookApi',
				required: true,
				testedBy: 'chargebeeWebhookCredentialTest',
				displayOptions: { show: { registerWebhook: [false] } },
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: CHARGEBEE_INVOICE_EVENTS,
				description:
					'The invoice events that start the workflow. Chargebee sends no separate void event: a voided invoice arrives as Invoice Updated with status "voided".',
			},
			{
				displayName: 'Register Webhook in Chargebee',
				name: 'registerWebhook',
				type: 'boolean',
				default: true,
				description:
					'Whether activating the workflow creates the webhook endpoint in Chargebee (with a Basic-auth username and password made for it) and deactivating deletes it. Turn off to set the webhook up in Chargebee yourself and enter its Basic auth in the Chargebee Webhook credential.',
			},
			{
				displayName: 'Confirm Events With Chargebee',
				name: 'confirmEvents',
				type: 'boolean',
				default: true,
				description:
					'Whether each delivery\'s event is read back from Chargebee (one API request per event) and the workflow gets Chargebee\'s copy. An event Chargebee does not know, or whose type or invoice differs, starts nothing.',
			},
			{
				displayName:
					'Chargebee signs nothing: the Basic auth is what proves a delivery comes from Chargebee, and Confirm Events proves the event is real even if that password leaked',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = {
		credentialTest: {
			async chargebeeWebhookCredentialTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const { username, password } = credential.data ?? {};
				const problem = webhookCredentialProblem(username, password);
				if (problem) return { status: 'Error', message: problem };
				return { status: 'OK', message: 'Username and password are set; Chargebee must send the same ones' };
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!flag(this, 'registerWebhook')) {
					await requireWebhookCredential(this);
					return true;
				}
				const data = registration(this);
				if (!data.webhookEndpointId || !data.basicAuthPassword) return false;
				const api = new ChargebeeWebhookApi(this, HOOK_RETRY_POLICY);
				const endpoint = await api.retrieve(data.webhookEndpointId);
				if (!endpoint) {
					// Deleted in Chargebee: create() registers a new one.
					forget(data);
					return false;
				}
				if (endpoint.url !== this.getNodeWebhookUrl('default')) {
					// Another URL: the production endpoint seen from "Test this trigger" (or n8n's URL
					// changed). Left alone: create() registers one for this URL.
					return false;
				}
				const events = Array.isArray(endpoint.enabled_events) ? endpoint.enabled_events.map(String) : [];
				const wanted = selectedEvents(this);
				const same = events.length === wanted.length && wanted.every((event) => events.includes(event));
				if (!same) {
					// This URL, other events: replace it.
					await api.remove(data.webhookEndpointId, 'delete the outdated webhook endpoint');
					forget(data);
					return false;
				}
				if (endpoint.disabled === true) {
					// A disabled endpoint receives nothing: the workflow would look active and never run.
					const enabled = await api.update(endpoint.id, { disabled: false }, 're-enable the webhook endpoint');
					if (!enabled) {
						forget(data);
						return false;
					}
					if (enabled.disabled === true) {
						throw new NodeOperationError(this.getNode(), `Chargebee kept the webhook endpoint ${endpoint.id} disabled`, {
							description: 'Enable it in Chargebee (Settings > Configure Chargebee > Webhooks) or deactivate and activate the workflow again.',
						});
					}
					this.logger.warn(
						`Chargebee Invoice Ops Trigger: Chargebee had disabled the webhook endpoint ${endpoint.id} (it does so after failed deliveries, or a user did); the trigger enabled it again. Events Chargebee did not deliver while it was disabled do not start the workflow.`,
						{ workflowId: this.getWorkflow().id },
					);
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				if (!flag(this, 'registerWebhook')) {
					await requireWebhookCredential(this);
					return true;
				}
				const events = selectedEvents(this);
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Select at least one event in Events');
				}
				const url = this.getNodeWebhookUrl('default');
				if (!url) throw new NodeOperationError(this.getNode(), 'n8n has no production webhook URL for this node');
				// A username and password made for this registration alone, never shown or logged:
				// only Chargebee and the workflow's static data know them.
				const username = `n8n-${randomBytes(6).toString('hex')}`;
				const password = randomBytes(32).toString('base64url');
				const form = endpointForm(this, url, events, username, password);
				const api = new ChargebeeWebhookApi(this, HOOK_RETRY_POLICY);
				const endpoint = (await adoptOrphans(this, api, url, form)) ?? (await createOrFind(this, api, url, form));
				const data = registration(this);
				data.webhookEndpointId = endpoint.id;
				data.basicAuthUsername = username;
				data.basicAuthPassword = password;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const data = registration(this);
				if (!data.webhookEndpointId) return true;
				await new ChargebeeWebhookApi(this, HOOK_RETRY_POLICY).remove(data.webhookEndpointId, 'delete the webhook endpoint');
				forget(data);
				return true;
			},
		},
	};

	/**
	 * One delivery, checked in this order: Basic auth (401), event type (200, nothing starts), the
	 * event's id and age (403), a repeat of an accepted event (200, nothing starts: Chargebee stops
	 * re-sending), then Chargebee's confirmation (403 when it does not know the event as sent, 503
	 * when it cannot be asked). Only an unreachable or failing Chargebee is a 503.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const expected = await expectedBasicAuth(this);
		const given = basicAuthOf(this.getHeaderData().authorization);
		// Both checks run in every case, so a missing registration costs the same time as a miss.
		const matches = secretsEqual(given ?? '', expected ?? '');
		if (given === undefined || expected === undefined || !matches) {
			return refuseDelivery(this, 401, 'Authorization required', { 'WWW-Authenticate': 'Basic realm="n8n Chargebee webhook"' });
		}

		const body = this.getBodyData();
		const eventType = body.event_type;
		if (typeof eventType !== 'string' || !selectedEvents(this).includes(eventType)) {
			return ignoreDelivery(this, 'Event type not selected in this trigger: nothing started');
		}
		const id = body.id;
		if (typeof id !== 'string' || id.trim() === '') return refuseDelivery(this, 403, 'The event has no id');
		try {
			encodePathSegment(id);
		} catch {
			return refuseDelivery(this, 403, 'The event id is not one Chargebee gives');
		}
		// Read before the claim: nothing between claim and answer may throw and leave it held.
		const confirmEvents = flag(this, 'confirmEvents');
		const now = systemClock.now();
		const occurredAt = occurredAtMs(body.occurred_at);
		if (occurredAt === undefined) return refuseDelivery(this, 403, 'The event has no occurred_at: it cannot be told from a replay');
		if (now - occurredAt > EVENT_WINDOW_MS) return refuseDelivery(this, 403, 'The event is older than Chargebee re-sends events: a replay');
		if (occurredAt - now > EVENT_FUTURE_SKEW_MS) return refuseDelivery(this, 403, 'The event\'s occurred_at is in the future');

		const claim = claimDelivery(this, EVENT_MEMORY, id, occurredAt, now);
		if (!claim) {
			// The first copy may still be refused: this one must be sent again, not acknowledged.
			if (deliveryBeingChecked(this, EVENT_MEMORY, id)) {
				return refuseDelivery(this, 503, 'Another copy of this event is being checked: send it again later');
			}
			return ignoreDelivery(this, 'This event was already delivered: nothing started');
		}

		let event: IDataObject = body;
		if (confirmEvents) {
			let confirmed: IDataObject | undefined;
			try {
				confirmed = await new ChargebeeWebhookApi(this, DELIVERY_RETRY_POLICY).event(id);
			} catch (error) {
				// Not a forgery: Chargebee could not say (5xx, 429, a revoked key, a redirect,
				// unreachable). The transport's message is redacted; Chargebee delivers it again later.
				claim.release();
				return refuseDelivery(this, 503, (error as Error).message);
			}
			if (
				confirmed === undefined ||
				confirmed.id !== id ||
				confirmed.event_type !== eventType ||
				confirmed.occurred_at !== body.occurred_at ||
				invoiceIdOf(confirmed) === undefined ||
				invoiceIdOf(confirmed) !== invoiceIdOf(body)
			) {
				claim.release();
				return refuseDelivery(this, 403, confirmed === undefined ? 'Chargebee does not know this event' : 'The event differs from the one Chargebee recorded');
			}
			event = confirmed;
		}
		claim.accept();
		return { workflowData: [this.helpers.returnJsonArray(event)] };
	}
}
