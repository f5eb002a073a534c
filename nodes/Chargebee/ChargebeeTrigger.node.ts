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
import { ignoreDelivery, refuseDelivery, secretsEqual } from '../shared/webhook';
import { CHARGEBEE_INVOICE_EVENTS, chargebeeApi, chargebeeRefusal } from './webhook';

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
				if (typeof username !== 'string' || username.trim() === '') {
					return { status: 'Error', message: 'Enter the Basic auth username set on the webhook in Chargebee' };
				}
				if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
					return {
						status: 'Error',
						message: `Use a password of at least ${MIN_PASSWORD_LENGTH} characters: it is all that tells Chargebee's deliveries from forgeries`,
					};
				}
				return { status: 'OK', message: 'Username and password are set; Chargebee must send the same ones' };
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!flag(this, 'registerWebhook')) return true;
				const data = registration(this);
				if (!data.webhookEndpointId || !data.basicAuthPassword) return false;
				const answer = await chargebeeApi(this, 'read the webhook endpoint', 'GET', [
					'webhook_endpoints',
					data.webhookEndpointId,
				]);
				if (answer.statusCode === 404) {
					// Deleted in Chargebee: create() registers a new one.
					forget(data);
					return false;
				}
				if (answer.statusCode !== 200) throw chargebeeRefusal(this, 'read the webhook endpoint', answer);
				const endpoint = (answer.body.webhook_endpoint ?? {}) as IDataObject;
				const events = Array.isArray(endpoint.enabled_events) ? endpoint.enabled_events.map(String) : [];
				const wanted = selectedEvents(this);
				if (endpoint.url !== this.getNodeWebhookUrl('default')) {
					// Another URL: the production endpoint seen from "Test this trigger" (or n8n's URL
					// changed). Left alone: create() registers one for this URL.
					return false;
				}
				const same = events.length === wanted.length && wanted.every((event) => events.includes(event));
				if (same) return true;
				// This URL, other events: replace it.
				const removed = await chargebeeApi(this, 'delete the outdated webhook endpoint', 'POST', [
					'webhook_endpoints',
					data.webhookEndpointId,
					'delete',
				]);
				if (removed.statusCode !== 200 && removed.statusCode !== 404) {
					throw chargebeeRefusal(this, 'delete the outdated webhook endpoint', removed);
				}
				forget(data);
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				if (!flag(this, 'registerWebhook')) return true;
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
				const form: IDataObject = {
					name: endpointName(this),
					url,
					api_version: 'v2',
					basic_auth_username: username,
					basic_auth_password: password,
				};
				events.forEach((event, index) => {
					form[`enabled_events[${index}]`] = event;
				});
				const answer = await chargebeeApi(this, 'register the webhook endpoint', 'POST', ['webhook_endpoints'], form);
				if (answer.statusCode !== 200) throw chargebeeRefusal(this, 'register the webhook endpoint', answer);
				const endpoint = (answer.body.webhook_endpoint ?? {}) as IDataObject;
				if (typeof endpoint.id !== 'string' || endpoint.id === '') {
					throw new NodeOperationError(this.getNode(), 'Chargebee registered the webhook endpoint but returned no id');
				}
				const data = registration(this);
				data.webhookEndpointId = endpoint.id;
				data.basicAuthUsername = username;
				data.basicAuthPassword = password;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const data = registration(this);
				if (!data.webhookEndpointId) return true;
				const answer = await chargebeeApi(this, 'delete the webhook endpoint', 'POST', [
					'webhook_endpoints',
					data.webhookEndpointId,
					'delete',
				]);
				if (answer.statusCode !== 200 && answer.statusCode !== 404) {
					throw chargebeeRefusal(this, 'delete the webhook endpoint', answer);
				}
				forget(data);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const unauthorized = () =>
			refuseDelivery(this, 401, 'Authorization required', { 'WWW-Authenticate': 'Basic realm="n8n Chargebee webhook"' });

		let expected: string | undefined;
		if (flag(this, 'registerWebhook')) {
			const data = registration(this);
			if (data.basicAuthUsername && data.basicAuthPassword) {
				expected = `${data.basicAuthUsername}:${data.basicAuthPassword}`;
			}
		} else {
			const credentials = await this.getCredentials('invoiceOpsChargebeeWebhookApi');
			const username = String(credentials.username ?? '');
			const password = String(credentials.password ?? '');
			// An empty password would accept anyone who knows the username.
			if (password !== '') expected = `${username}:${password}`;
		}
		const given = basicAuthOf(this.getHeaderData().authorization);
		// Both checks run in every case, so a missing registration costs the same time as a miss.
		const matches = secretsEqual(given ?? '', expected ?? '');
		if (given === undefined || expected === undefined || !matches) return unauthorized();

		const body = this.getBodyData();
		const eventType = body.event_type;
		if (typeof eventType !== 'string' || !selectedEvents(this).includes(eventType)) {
			return ignoreDelivery(this, 'Event type not selected in this trigger: nothing started');
		}

		let event: IDataObject = body;
		if (flag(this, 'confirmEvents')) {
			const id = body.id;
			if (typeof id !== 'string' || id.trim() === '') {
				return refuseDelivery(this, 403, 'The event has no id to confirm with Chargebee');
			}
			let answer;
			try {
				answer = await chargebeeApi(this, 'confirm the event', 'GET', ['events', id]);
			} catch (error) {
				// Unreachable, or a redirect: not a forgery either. Chargebee delivers it again later.
				return refuseDelivery(this, 503, (error as Error).message);
			}
			if (answer.statusCode === 404) return refuseDelivery(this, 403, 'Chargebee does not know this event');
			if (answer.statusCode !== 200) {
				// Not a forgery: Chargebee could not say. A 5xx makes Chargebee deliver again later.
				return refuseDelivery(this, 503, chargebeeRefusal(this, 'confirm the event', answer).message);
			}
			const confirmed = (answer.body.event ?? {}) as IDataObject;
			if (
				confirmed.id !== id ||
				confirmed.event_type !== eventType ||
				invoiceIdOf(confirmed) === undefined ||
				invoiceIdOf(confirmed) !== invoiceIdOf(body)
			) {
				return refuseDelivery(this, 403, 'The event differs from the one Chargebee recorded');
			}
			event = confirmed;
		}
		return { workflowData: [this.helpers.returnJsonArray(event)] };
	}
}
