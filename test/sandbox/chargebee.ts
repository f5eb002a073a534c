import { createHash } from '../harness/node';

import { basicKeyOf, ProviderSandbox, type RecordedRequest, type Sandbox, type SandboxReply } from './server';

export type ChargebeeStatus = 'paid' | 'posted' | 'payment_due' | 'not_paid' | 'voided' | 'pending';

export interface ChargebeeInvoice {
	id: string;
	customer_id: string;
	status: ChargebeeStatus;
	total: number;
	amount_due: number;
	amount_paid: number;
	amount_adjusted: number;
	write_off_amount: number;
	deleted: boolean;
	linked_payments: Array<{ txn_id: string; txn_status: string }>;
	void_reason_code?: string;
	[key: string]: unknown;
}

/** What seeded invoices cycle through: mostly open ones, as a clean-up finds them. */
const SEED_STATUSES: ChargebeeStatus[] = ['payment_due', 'posted', 'not_paid', 'paid', 'voided', 'pending', 'payment_due'];

/** Statuses from which Chargebee allows void and write off. */
const OPEN_STATUSES: ChargebeeStatus[] = ['payment_due', 'posted', 'not_paid'];

const ALLOWED_FIELDS: Record<string, string[]> = {
	delete: ['comment', 'claim_credits'],
	void: ['comment', 'void_reason_code'],
	write_off: ['comment'],
};

function error(status: number, apiErrorCode: string, message: string, type = 'invalid_request', param?: string): SandboxReply {
	return {
		status,
		body: {
			message,
			type,
			api_error_code: apiErrorCode,
			error_code: apiErrorCode,
			error_msg: message,
			http_status_code: status,
			...(param ? { param } : {}),
		},
	};
}

/**
 * A stateful stand-in for Chargebee's invoice API (`/api/v2/invoices`), enforcing its documented
 * rules: Basic auth with the API key, void and write off only from payment_due / posted /
 * not_paid, no delete or void with payments or adjustments, idempotency keys, and errors in
 * Chargebee's shape (`api_error_code`).
 */
export class ChargebeeSandbox extends ProviderSandbox {
	readonly invoices = new Map<string, ChargebeeInvoice>();

	/** How many times each invoice was changed (delete / void / write off applied). */
	readonly applied = new Map<string, number>();

	/** When false, every request answers 404 `site_not_found`. */
	siteExists = true;

	/** Comment and reason codes as the sandbox stored them, by invoice id. */
	readonly comments = new Map<string, string>();

	private readonly idempotency = new Map<string, { fingerprint: string; reply: SandboxReply }>();

	/** Webhook endpoints by id, with the Basic-auth password Chargebee keeps (never returned by the API). */
	readonly webhookEndpoints = new Map<string, WebhookEndpoint>();

	/** Every event the site recorded, by id (`GET /api/v2/events/{id}`). */
	readonly events = new Map<string, ChargebeeEvent>();

	/** Every delivery attempt to an endpoint and how it was answered (0 when unreachable). */
	readonly deliveries: Delivery[] = [];

	private readonly pendingDeliveries = new Set<Promise<void>>();

	private counter = 0;

	private constructor(
		server: Sandbox,
		readonly apiKey: string,
	) {
		super(server);
	}

	static async start(apiKey = 'test_cb_key_7f3a91', port = 0): Promise<ChargebeeSandbox> {
		return await ProviderSandbox.listen((server) => new ChargebeeSandbox(server, apiKey), port);
	}

	credentials(overrides: Record<string, string> = {}) {
		return { site: 'acme-test', apiKey: this.apiKey, baseUrl: this.url, ...overrides };
	}

	addInvoice(invoice: Partial<ChargebeeInvoice> & { id: string }): ChargebeeInvoice {
		const full: ChargebeeInvoice = {
			customer_id: 'cust_1',
			currency_code: 'USD',
			status: 'payment_due',
			total: 10000,
			amount_due: 10000,
			amount_paid: 0,
			amount_adjusted: 0,
			write_off_amount: 0,
			deleted: false,
			linked_payments: [],
			...invoice,
		};
		this.invoices.set(full.id, full);
		return full;
	}

	/**
	 * Adds `count` invoices `inv_00001`... (after the ones there), a day apart from 2026-01-01,
	 * cycling through statuses, three customers and two subscriptions: enough to page through.
	 */
	seedInvoices(count: number): ChargebeeInvoice[] {
		const start = this.invoices.size;
		const day = 86_400;
		return Array.from({ length: count }, (_, index) => {
			const number = start + index + 1;
			const date = 1_767_225_600 + number * day;
			return this.addInvoice({
				id: `inv_${String(number).padStart(5, '0')}`,
				customer_id: `cust_${(number % 3) + 1}`,
				subscription_id: `sub_${(number % 2) + 1}`,
				status: SEED_STATUSES[number % SEED_STATUSES.length],
				date,
				updated_at: date + 3600,
			});
		});
	}

	/**
	 * `GET /invoices`: Chargebee's filters (`status[in]` as a JSON array, `status[is]`,
	 * `id[is]`, `id[starts_with]`, `customer_id[is]`, `subscription_id[is]`, `date[after|before]`,
	 * `updated_at[after|before]` in Unix seconds, `include_deleted`), `limit` 1..100 and an
	 * opaque `offset` from the previous page's `next_offset` (absent on the last page).
	 */
	private list(query: Record<string, string>): SandboxReply {
		const paging = pageOf(query);
		if ('status' in paging) return paging;
		const { limit, start } = paging;
		let statuses: string[] | undefined;
		if (query['status[in]'] !== undefined) {
			try {
				statuses = JSON.parse(query['status[in]']) as string[];
			} catch {
				return error(400, 'param_wrong_value', 'status[in] : invalid value', 'invalid_request', 'status[in]');
			}
		}
		const number = (name: string) => (query[name] === undefined ? undefined : Number(query[name]));
		const [dateAfter, dateBefore, updatedAfter, updatedBefore] = ['date[after]', 'date[before]', 'updated_at[after]', 'updated_at[before]'].map(number);
		for (const [name, value] of Object.entries({ 'date[after]': dateAfter, 'date[before]': dateBefore, 'updated_at[after]': updatedAfter })) {
			if (value !== undefined && !Number.isInteger(value)) return error(400, 'param_wrong_value', `${name} : invalid timestamp`, 'invalid_request', name);
		}
		const includeDeleted = query.include_deleted === 'true';
		const matches = (invoice: ChargebeeInvoice) => {
			const date = Number(invoice.date ?? 0);
			const updated = Number(invoice.updated_at ?? 0);
			return (
				(includeDeleted || !invoice.deleted) &&
				(query['id[is]'] === undefined || invoice.id === query['id[is]']) &&
				(query['id[starts_with]'] === undefined || invoice.id.startsWith(query['id[starts_with]'])) &&
				(statuses === undefined || statuses.includes(invoice.status)) &&
				(query['status[is]'] === undefined || invoice.status === query['status[is]']) &&
				(query['customer_id[is]'] === undefined || invoice.customer_id === query['customer_id[is]']) &&
				(query['subscription_id[is]'] === undefined || invoice.subscription_id === query['subscription_id[is]']) &&
				(dateAfter === undefined || date > dateAfter) &&
				(dateBefore === undefined || date < dateBefore) &&
				(updatedAfter === undefined || updated > updatedAfter) &&
				(updatedBefore === undefined || updated < updatedBefore)
			);
		};
		const found = [...this.invoices.values()].filter(matches);
		const listedFrom = this.pageStart(start);
		const page = found.slice(listedFrom, listedFrom + limit);
		const end = start + page.length;
		return {
			status: 200,
			body: { list: page.map((invoice) => ({ invoice })), ...(end < found.length ? { next_offset: `["${end}"]` } : {}) },
		};
	}

	/** Forgets every idempotency key, as Chargebee does once a key's window has passed. */
	forgetIdempotencyKeys() {
		this.idempotency.clear();
	}

	protected handle(request: RecordedRequest): SandboxReply {
		if (!this.siteExists) return error(404, 'site_not_found', 'Sorry, we couldn\'t find that site', 'invalid_request');
		if (basicKeyOf(request.headers) !== this.apiKey) {
			return error(401, 'api_authentication_failed', 'Sorry, authentication failed. Invalid api key', 'invalid_request');
		}
		const [api, version, collection, id, action, ...rest] = request.segments;
		if (api === 'api' && version === 'v2' && rest.length === 0) {
			if (collection === 'webhook_endpoints') return this.webhookEndpoint(request, id, action);
			if (collection === 'events' && id !== undefined && action === undefined && request.method === 'GET') {
				const event = this.events.get(id);
				return event
					? { status: 200, body: { event } }
					: error(404, 'resource_not_found', `Sorry, we couldn't find that event ${id}`, 'invalid_request', 'event_id');
			}
		}
		if (api !== 'api' || version !== 'v2' || collection !== 'invoices' || rest.length > 0) {
			return error(404, 'resource_not_found', 'Sorry, we couldn\'t find that resource');
		}
		if (id === undefined) {
			if (request.method === 'POST') return this.createInvoice(request);
			if (request.method !== 'GET') return error(405, 'invalid_request', 'Method not allowed');
			return this.list(request.query);
		}
		const invoice = this.invoices.get(id);
		if (!invoice || invoice.deleted) {
			return error(404, 'resource_not_found', `Sorry, we couldn't find that invoice ${id}`, 'invalid_request', 'invoice_id');
		}
		if (action === undefined) {
			return request.method === 'GET'
				? { status: 200, body: { invoice } }
				: error(405, 'invalid_request', 'Method not allowed');
		}
		if (request.method !== 'POST' || !ALLOWED_FIELDS[action]) {
			return error(404, 'resource_not_found', 'Sorry, we couldn\'t find that resource');
		}
		return this.withIdempotency(request, () => this.change(invoice, action, request));
	}

	private withIdempotency(request: RecordedRequest, apply: () => SandboxReply): SandboxReply {
		const key = request.headers['chargebee-idempotency-key'];
		if (typeof key !== 'string') return apply();
		if (key.length > 100) return error(400, 'param_wrong_value', 'idempotency key too long');
		const fingerprint = createHash('sha256').update(`${request.rawPath}\n${request.rawBody}`).digest('hex');
		const previous = this.idempotency.get(key);
		if (previous) {
			if (previous.fingerprint !== fingerprint) {
				return error(422, 'unable_to_process_request', 'The idempotency key was already used with different parameters', 'invalid_request');
			}
			return { ...previous.reply, headers: { ...previous.reply.headers, 'chargebee-idempotency-replayed': 'true' } };
		}
		const reply = apply();
		if (reply.status < 500) this.idempotency.set(key, { fingerprint, reply });
		return reply;
	}

	private change(invoice: ChargebeeInvoice, action: string, request: RecordedRequest): SandboxReply {
		if (!String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
			return error(415, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
		}
		for (const field of Object.keys(request.body)) {
			if (!ALLOWED_FIELDS[action].includes(field)) {
				return error(400, 'param_not_allowed', `${field} : is not allowed for this request`, 'invalid_request', field);
			}
		}
		const comment = request.body.comment as string | undefined;
		if (comment !== undefined && comment.length > 300) {
			return error(400, 'param_wrong_value', 'comment : cannot be more than 300 characters.', 'invalid_request', 'comment');
		}
		const hasPayments = invoice.amount_paid > 0 || invoice.linked_payments.length > 0 || invoice.amount_adjusted !== 0;
		if ((action === 'delete' || action === 'void') && hasPayments) {
			return error(
				400,
				'invalid_state_for_request',
				'The invoice cannot be deleted or voided as it has payments or adjustments applied. Please remove them first.',
				'invalid_request',
			);
		}
		if (action !== 'delete' && !OPEN_STATUSES.includes(invoice.status)) {
			return error(
				400,
				'invalid_state_for_request',
				`Invoice is in ${invoice.status} state. Only invoices in payment_due, posted or not_paid state can be ${action === 'void' ? 'voided' : 'written off'}.`,
				'invalid_request',
			);
		}
		this.applied.set(invoice.id, (this.applied.get(invoice.id) ?? 0) + 1);
		if (comment) this.comments.set(invoice.id, comment);
		if (action === 'delete') {
			invoice.deleted = true;
			this.emit('invoice_deleted', invoice);
			return { status: 200, body: { invoice } };
		}
		if (action === 'void') {
			invoice.status = 'voided';
			if (request.body.void_reason_code) invoice.void_reason_code = String(request.body.void_reason_code);
			// Chargebee has no void event: a void is an invoice_updated.
			this.emit('invoice_updated', invoice);
			return { status: 200, body: { invoice } };
		}
		const creditNote = { id: `cn_${invoice.id}`, reference_invoice_id: invoice.id, total: invoice.amount_due, type: 'adjustment' };
		invoice.write_off_amount = invoice.amount_due;
		invoice.amount_due = 0;
		invoice.status = 'paid';
		this.emit('invoice_updated', invoice);
		return { status: 200, body: { invoice, credit_note: creditNote } };
	}

	/**
	 * `POST /api/v2/invoices` (create an invoice for a customer, form `customer_id`, optional `id`
	 * and `total`): a new `payment_due` invoice and an `invoice_generated` event.
	 */
	private createInvoice(request: RecordedRequest): SandboxReply {
		const customerId = request.body.customer_id;
		if (typeof customerId !== 'string' || customerId === '') {
			return error(400, 'param_wrong_value', 'customer_id : cannot be blank', 'invalid_request', 'customer_id');
		}
		const id = typeof request.body.id === 'string' && request.body.id !== '' ? request.body.id : `cb_inv_${this.nextId()}`;
		if (this.invoices.has(id)) return error(400, 'duplicate_entry', `An invoice with id ${id} already exists`, 'invalid_request', 'id');
		const total = Number(request.body.total ?? 10000);
		return { status: 200, body: { invoice: this.generateInvoice({ id, customer_id: customerId, total, amount_due: total }) } };
	}

	/** Adds an invoice as Chargebee generates one, and sends `invoice_generated`. */
	generateInvoice(invoice: Partial<ChargebeeInvoice> & { id: string }): ChargebeeInvoice {
		const full = this.addInvoice(invoice);
		this.emit('invoice_generated', full);
		return full;
	}

	private nextId(): string {
		this.counter += 1;
		return `${Date.now().toString(36)}${this.counter.toString(36)}`;
	}

	/** Records an event and delivers it to every enabled endpoint that subscribed to its type. */
	emit(eventType: string, invoice: ChargebeeInvoice): ChargebeeEvent {
		const event = this.recordEvent(eventType, invoice);
		for (const endpoint of this.webhookEndpoints.values()) {
			if (endpoint.disabled || !endpoint.enabled_events.includes(eventType)) continue;
			const delivery = this.deliver(endpoint, event);
			this.pendingDeliveries.add(delivery);
			void delivery.finally(() => this.pendingDeliveries.delete(delivery));
		}
		return event;
	}

	/** Records an event in the site's log (`GET /events/{id}` knows it) without delivering it yet. */
	recordEvent(eventType: string, invoice: ChargebeeInvoice): ChargebeeEvent {
		const event: ChargebeeEvent = {
			id: `ev_${this.nextId()}`,
			occurred_at: Math.floor(Date.now() / 1000),
			source: 'api',
			object: 'event',
			api_version: 'v2',
			event_type: eventType,
			webhook_status: 'scheduled',
			content: { invoice: structuredClone(invoice) },
		};
		this.events.set(event.id, event);
		return event;
	}

	/** Resolves once every delivery started so far was answered (or failed). */
	async deliveriesSettled(): Promise<void> {
		while (this.pendingDeliveries.size > 0) await Promise.all([...this.pendingDeliveries]);
	}

	private async deliver(endpoint: WebhookEndpoint, event: ChargebeeEvent): Promise<void> {
		const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'ChargeBee' };
		if (endpoint.basic_auth_username !== undefined) {
			const pair = `${endpoint.basic_auth_username}:${endpoint.password ?? ''}`;
			headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
		}
		let status = 0;
		try {
			const response = await fetch(endpoint.url, { method: 'POST', headers, body: JSON.stringify(event), redirect: 'manual' });
			status = response.status;
			await response.arrayBuffer();
		} catch {
			status = 0;
		}
		this.deliveries.push({ eventId: event.id, endpointId: endpoint.id, url: endpoint.url, status });
	}

	/**
	 * `/api/v2/webhook_endpoints[/{id}[/delete]]`: create (idempotency keys honoured, so a retry
	 * after a lost answer returns the same endpoint), retrieve, update, delete, and list (`limit`
	 * 1..100, an opaque `offset` from the previous page's `next_offset`, in creation order).
	 */
	private webhookEndpoint(request: RecordedRequest, id: string | undefined, action: string | undefined): SandboxReply {
		const publicView = (endpoint: WebhookEndpoint) => ({ ...endpoint, password: undefined });
		const body = request.body as Record<string, string>;
		if (id === undefined) {
			if (request.method === 'GET') return this.listEndpoints(request.query, publicView);
			if (request.method !== 'POST') return error(405, 'invalid_request', 'Method not allowed');
			return this.withIdempotency(request, () => {
				for (const field of ['name', 'url']) {
					if (!body[field]) return error(400, 'param_wrong_value', `${field} : cannot be blank`, 'invalid_request', field);
				}
				if (!/^https?:\/\//.test(body.url)) return error(400, 'param_wrong_value', 'url : invalid url', 'invalid_request', 'url');
				if (this.webhookEndpoints.size >= 5) {
					return error(400, 'invalid_request', 'You can configure a maximum of 5 webhook endpoints', 'invalid_request');
				}
				const endpoint: WebhookEndpoint = {
					id: `whv2_${this.nextId()}`,
					object: 'webhook_endpoint',
					name: body.name,
					url: body.url,
					api_version: body.api_version ?? 'v2',
					disabled: body.disabled === 'true',
					enabled_events: enabledEventsOf(body) ?? [],
					...(body.basic_auth_username !== undefined ? { basic_auth_username: body.basic_auth_username } : {}),
					password: body.basic_auth_password,
				};
				this.webhookEndpoints.set(endpoint.id, endpoint);
				return { status: 200, body: { webhook_endpoint: publicView(endpoint) } };
			});
		}
		const endpoint = this.webhookEndpoints.get(id);
		if (!endpoint) return error(404, 'resource_not_found', `Sorry, we couldn't find that webhook_endpoint ${id}`, 'invalid_request');
		if (action === undefined && request.method === 'GET') return { status: 200, body: { webhook_endpoint: publicView(endpoint) } };
		if (action === undefined && request.method === 'POST') {
			// Update: only the fields sent change.
			if (body.url !== undefined && !/^https?:\/\//.test(body.url)) return error(400, 'param_wrong_value', 'url : invalid url', 'invalid_request', 'url');
			if (body.disabled !== undefined && body.disabled !== 'true' && body.disabled !== 'false') {
				return error(400, 'param_wrong_value', 'disabled : invalid boolean', 'invalid_request', 'disabled');
			}
			if (body.name !== undefined) endpoint.name = body.name;
			if (body.url !== undefined) endpoint.url = body.url;
			if (body.api_version !== undefined) endpoint.api_version = body.api_version;
			if (body.disabled !== undefined) endpoint.disabled = body.disabled === 'true';
			if (body.basic_auth_username !== undefined) endpoint.basic_auth_username = body.basic_auth_username;
			if (body.basic_auth_password !== undefined) endpoint.password = body.basic_auth_password;
			endpoint.enabled_events = enabledEventsOf(body) ?? endpoint.enabled_events;
			return { status: 200, body: { webhook_endpoint: publicView(endpoint) } };
		}
		if (action === 'delete' && request.method === 'POST') {
			this.webhookEndpoints.delete(id);
			return { status: 200, body: { webhook_endpoint: publicView(endpoint) } };
		}
		return error(404, 'resource_not_found', 'Sorry, we couldn\'t find that resource');
	}

	private listEndpoints(query: Record<string, string>, publicView: (endpoint: WebhookEndpoint) => unknown): SandboxReply {
		const paging = pageOf(query);
		if ('status' in paging) return paging;
		const { limit, start } = paging;
		const all = [...this.webhookEndpoints.values()];
		const endpoints = all.slice(start, start + limit);
		const end = start + endpoints.length;
		return {
			status: 200,
			body: { list: endpoints.map((endpoint) => ({ webhook_endpoint: publicView(endpoint) })), ...(end < all.length ? { next_offset: `["${end}"]` } : {}) },
		};
	}
}

/** A list's `limit` (1..100, default 10) and where its `offset` (a previous `next_offset`, `["<n>"]`) starts, or the refusal. */
function pageOf(query: Record<string, string>): { limit: number; start: number } | SandboxReply {
	const limit = Number(query.limit ?? 10);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
		return error(400, 'param_wrong_value', 'limit : must be between 1 and 100', 'invalid_request', 'limit');
	}
	if (query.offset === undefined) return { limit, start: 0 };
	const parsed = /^\["(\d+)"\]$/.exec(query.offset);
	if (!parsed) return error(400, 'param_wrong_value', 'offset : invalid value', 'invalid_request', 'offset');
	return { limit, start: Number(parsed[1]) };
}

/** `enabled_events[0..n]` of a form, in index order; undefined when the form has none. */
function enabledEventsOf(body: Record<string, string>): string[] | undefined {
	const keys = Object.keys(body).filter((key) => /^enabled_events\[\d+\]$/.test(key));
	if (keys.length === 0) return undefined;
	return keys.sort((a, b) => Number(a.slice(15, -1)) - Number(b.slice(15, -1))).map((key) => body[key]);
}

export interface WebhookEndpoint {
	id: string;
	object: 'webhook_endpoint';
	name: string;
	url: string;
	api_version: string;
	disabled: boolean;
	enabled_events: string[];
	basic_auth_username?: string;
	/** The Basic-auth password, as Chargebee keeps it: the API never returns it. */
	password?: string;
}

export interface ChargebeeEvent {
	id: string;
	occurred_at: number;
	source: string;
	object: 'event';
	api_version: string;
	event_type: string;
	webhook_status: string;
	content: { invoice: ChargebeeInvoice };
	[key: string]: unknown;
}

export interface Delivery {
	eventId: string;
	endpointId: string;
	url: string;
	/** The HTTP status the endpoint answered; 0 when it could not be reached. */
	status: number;
}
