import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { RetryPolicy } from '../shared/retry';
import { settle } from '../shared/settle';
import { isNotFound, Transport, type AttemptRecord } from '../shared/transport';
import type { ProviderRequest } from '../shared/types';
import { chargebee } from './provider';

/** The invoice events Chargebee sends (SDK `webhook/eventType.ts`); voids arrive as `invoice_updated`. */
export const CHARGEBEE_INVOICE_EVENTS = [
	{ name: 'Invoice Deleted', value: 'invoice_deleted' },
	{ name: 'Invoice Generated', value: 'invoice_generated' },
	{ name: 'Invoice Generated With Backdating', value: 'invoice_generated_with_backdating' },
	{ name: 'Invoice Updated (Also Sent When Voided)', value: 'invoice_updated' },
	{ name: 'Pending Invoice Created', value: 'pending_invoice_created' },
	{ name: 'Pending Invoice Updated', value: 'pending_invoice_updated' },
];

/**
 * Activation and deactivation: n8n (and the user activating) waits for them, so a few attempts
 * and short waits; a failure fails the activation, which can simply be repeated.
 */
export const HOOK_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, maxRetryWaitMs: 10_000, retryBaseDelayMs: 1_000, timeoutMs: 15_000 };

/**
 * The confirmation read while Chargebee waits for the delivery's answer: at worst two 4 s attempts,
 * each after at most 2 s for its turn in the rate budget, and one wait of at most 2 s between
 * them (14 s), within Chargebee's webhook timeout. Giving up costs nothing:
 * the delivery is answered 503 and Chargebee sends it again (first 2 minutes later).
 */
export const DELIVERY_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 2,
	maxRetryWaitMs: 2_000,
	retryBaseDelayMs: 300,
	timeoutMs: 4_000,
	// The budget is shared with the nodes (a bulk run may have it paced for minutes): a delivery
	// whose turn is far off is answered 503 now, and Chargebee sends it again later.
	maxTurnWaitMs: 2_000,
};

/** Chargebee allows five endpoints per site; more pages than this mean the offsets do not end. */
const MAX_ENDPOINT_PAGES = 10;


/** The answer, or undefined when Chargebee does not know the id (404); any other failure stands. */
async function unlessNotFound<T>(pending: Promise<T>): Promise<T | undefined> {
	const settled = await settle(pending);
	if (settled.ok) return settled.value;
	if (isNotFound(settled.error)) return undefined;
	throw settled.error;
}

/** A webhook endpoint as Chargebee describes it (`webhook_endpoint`); it never returns the password. */
export interface WebhookEndpoint {
	id: string;
	url?: string;
	disabled?: boolean;
	enabled_events?: string[];
	[key: string]: unknown;
}

/**
 * The trigger's requests to Chargebee, through the package's one transport with the node's
 * `invoiceOpsChargebeeApi` credential: redirects refused, secrets redacted, retries bounded by
 * `policy`, every refusal an `InvoiceOpsApiError` worded like the nodes' own.
 */
export class ChargebeeWebhookApi {
	private readonly transport: Transport;

	/** Whether any attempt so far may have been applied although its answer was lost. */
	unclear = false;

	constructor(
		context: IHookFunctions | IWebhookFunctions,
		private readonly policy: RetryPolicy,
	) {
		// The settings a node's run uses by default (the system clock, Chargebee's own limit): the
		// trigger's requests then draw on the same per-account budget as the nodes' (budget.ts).
		this.transport = new Transport(context, chargebee, { rateLimit: chargebee.rateLimit });
	}

	private async send(request: ProviderRequest, action: string, target?: string): Promise<IDataObject> {
		const track = (attempt: AttemptRecord) => {
			if (attempt.mayHaveBeenApplied) this.unclear = true;
		};
		const answer = await this.transport.send(request, { itemIndex: 0, action, target, policy: this.policy }, track);
		return (answer.body ?? {}) as IDataObject;
	}

	/** The answer's `webhook_endpoint`, or an error saying the answer was not one. */
	private endpointOf(body: IDataObject, action: string, target?: string): WebhookEndpoint {
		const endpoint = body.webhook_endpoint as WebhookEndpoint | undefined;
		if (!endpoint || typeof endpoint.id !== 'string' || endpoint.id === '') {
			throw this.transport.unclearAnswer({ itemIndex: 0, action, target }, 'it holds no webhook_endpoint with an id', 200);
		}
		return endpoint;
	}

	/** `GET /webhook_endpoints/{id}`; undefined when Chargebee does not know it (404). */
	async retrieve(id: string): Promise<WebhookEndpoint | undefined> {
		const action = 'read the webhook endpoint';
		const body = await unlessNotFound(this.send({ method: 'GET', path: ['webhook_endpoints', id] }, action, id));
		return body && this.endpointOf(body, action, id);
	}

	/** Every endpoint of the site: `GET /webhook_endpoints?limit=100`, then `offset` = each page's `next_offset`. */
	async list(): Promise<WebhookEndpoint[]> {
		const endpoints: WebhookEndpoint[] = [];
		let offset: string | undefined;
		for (let page = 0; page < MAX_ENDPOINT_PAGES; page++) {
			const body = await this.send(
				{ method: 'GET', path: ['webhook_endpoints'], query: { limit: 100, ...(offset === undefined ? {} : { offset }) } },
				'list the webhook endpoints',
			);
			const entries = Array.isArray(body.list) ? (body.list as IDataObject[]) : [];
			for (const entry of entries) {
				const endpoint = entry.webhook_endpoint as WebhookEndpoint | undefined;
				if (endpoint && typeof endpoint.id === 'string') endpoints.push(endpoint);
			}
			const next = body.next_offset;
			if (typeof next !== 'string' || next === '') return endpoints;
			if (next === offset) break;
			offset = next;
		}
		throw this.transport.unclearAnswer(
			{ itemIndex: 0, action: 'list the webhook endpoints' },
			`its pages did not end (next_offset repeated, or more than ${MAX_ENDPOINT_PAGES} pages)`,
			200,
		);
	}

	/**
	 * `POST /webhook_endpoints`. The idempotency key makes the transport's retry of an attempt
	 * whose answer was lost return that attempt's endpoint instead of a second one.
	 */
	async create(form: IDataObject, idempotencyKey: string): Promise<WebhookEndpoint> {
		const action = 'register the webhook endpoint';
		const body = await this.send(
			{ method: 'POST', path: ['webhook_endpoints'], body: form, headers: { 'chargebee-idempotency-key': idempotencyKey } },
			action,
		);
		return this.endpointOf(body, action);
	}

	/** `POST /webhook_endpoints/{id}` (Chargebee's update); undefined when it is gone (404). */
	async update(id: string, form: IDataObject, action: string): Promise<WebhookEndpoint | undefined> {
		const body = await unlessNotFound(this.send({ method: 'POST', path: ['webhook_endpoints', id], body: form }, action, id));
		return body && this.endpointOf(body, action, id);
	}

	/** `POST /webhook_endpoints/{id}/delete`; an endpoint already gone (404) counts as deleted. */
	async remove(id: string, action: string): Promise<void> {
		await unlessNotFound(this.send({ method: 'POST', path: ['webhook_endpoints', id, 'delete'], body: {} }, action, id));
	}

	/** `GET /events/{id}`: Chargebee's copy of the event, or undefined when Chargebee does not know it (404). */
	async event(id: string): Promise<IDataObject | undefined> {
		const body = await unlessNotFound(this.send({ method: 'GET', path: ['events', id] }, 'confirm the event', id));
		return body && ((body.event ?? {}) as IDataObject);
	}
}
