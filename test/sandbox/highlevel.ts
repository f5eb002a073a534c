import { generateKeyPairSync, randomUUID, sign, type KeyObject } from '../harness/node';

import { ProviderSandbox, type RecordedRequest, type Sandbox, type SandboxReply } from './server';

export type HighLevelStatus = 'draft' | 'sent' | 'payment_processing' | 'paid' | 'void' | 'partially_paid';

export interface HighLevelInvoice {
	_id: string;
	status: HighLevelStatus;
	/** The location (sub-account) the invoice belongs to. */
	altId: string;
	altType: 'location';
	name: string;
	invoiceNumber: number;
	currency: string;
	total: number;
	amountPaid: number;
	amountDue: number;
	liveMode: boolean;
	[key: string]: unknown;
}

/**
 * Recurring invoice schedule statuses. HighLevel documents none (its example says "draft"); these
 * are the sandbox's guess, and "cancelled" is the value the node relies on (nodes/HighLevel/rules.ts,
 * SCHEDULE_STATUS), unconfirmed like it.
 */
export type HighLevelScheduleStatus = 'draft' | 'active' | 'cancelled' | 'completed';

export interface HighLevelSchedule {
	_id: string;
	status: HighLevelScheduleStatus;
	altId: string;
	altType: 'location';
	name: string;
	liveMode: boolean;
	currency: string;
	total: number;
	schedule: { executeAt?: string; rrule?: Record<string, unknown> };
	invoices: unknown[];
	contactDetails: { id?: string; name?: string; email?: string; phoneNo?: string };
	createdAt: string;
	updatedAt: string;
	[key: string]: unknown;
}

export const API_VERSION = '2021-07-28';

/**
 * Which statuses the sandbox lets you void or delete. HighLevel does not document this; the
 * choice follows its UI: a draft is deleted rather than voided, and an invoice with money on
 * it (paid, partly paid, a payment in flight) is neither. docs/providers.md, "HighLevel", says the same.
 */
export const VOIDABLE: HighLevelStatus[] = ['sent', 'partially_paid'];
export const DELETABLE: HighLevelStatus[] = ['draft', 'sent', 'void'];

function error(statusCode: number, error: string, message: string | string[]): SandboxReply {
	return { status: statusCode, body: { statusCode, message, error } };
}

const unauthorized = () => error(401, 'Unauthorized', 'Invalid JWT');
const notFound = (id: string) => error(404, 'Not Found', `Invoice with id ${id} not found`);
const scheduleNotFound = (id: string) => error(404, 'Not Found', `Schedule with id ${id} not found`);

/** class-validator messages, as HighLevel's NestJS API answers a bad altId / altType. */
function scopeProblems(scope: Record<string, unknown>): string[] {
	const problems: string[] = [];
	if (typeof scope.altId !== 'string' || scope.altId === '') problems.push('altId must be a string', 'altId should not be empty');
	if (scope.altType !== 'location') problems.push('altType must be one of the following values: location');
	return problems;
}

/**
 * A stateful stand-in for HighLevel's invoice API (services.leadconnectorhq.com/invoices):
 * the `Version: 2021-07-28` header, Bearer tokens that each belong to one location, altId /
 * altType on every call (query for GET and DELETE, JSON body for void), and errors in
 * HighLevel's shape `{statusCode, message, error}` with a message array on 422.
 */
export class HighLevelSandbox extends ProviderSandbox {
	readonly invoices = new Map<string, HighLevelInvoice>();

	/** Recurring invoice schedules by id (`/invoices/schedule`). */
	readonly schedules = new Map<string, HighLevelSchedule>();

	/** Bearer token -> the location it may act in (Private Integration and OAuth2 tokens alike). */
	readonly tokens = new Map<string, string>();

	/** Refresh token -> the location its access tokens act in (`POST /oauth/token`). */
	readonly refreshTokens = new Map<string, string>();

	/** The Marketplace app's client credentials that `POST /oauth/token` accepts. */
	client = { id: '', secret: '' };

	/** How many times each invoice or schedule was changed (delete / void / cancel applied). */
	readonly applied = new Map<string, number>();

	/**
	 * The Marketplace app's webhook URL (HighLevel allows one per app). When set, voiding or
	 * deleting an invoice delivers InvoiceVoid / InvoiceDelete there, signed like HighLevel does
	 * but with the sandbox's own Ed25519 key pair.
	 */
	webhookUrl?: string;

	/** Every delivery and the status it was answered with (0 when unreachable). */
	readonly deliveries: Array<{ type: string; webhookId: string; status: number }> = [];

	private readonly signingKey: KeyObject;

	/** The sandbox's public key, as the base64 of its SPKI DER (the trigger's Public Key option). */
	readonly publicKey: string;

	private readonly pendingDeliveries = new Set<Promise<number>>();

	private constructor(server: Sandbox) {
		super(server);
		const { privateKey, publicKey } = generateKeyPairSync('ed25519');
		this.signingKey = privateKey;
		this.publicKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
	}

	/** The base64 Ed25519 signature of these exact bytes, as HighLevel sends in X-GHL-Signature. */
	sign(raw: string | Buffer): string {
		return sign(null, Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'), this.signingKey).toString('base64');
	}

	/** A webhook body as HighLevel sends it: the event type, the location, the invoice, `timestamp` and `webhookId`. */
	webhookBody(type: string, invoice: HighLevelInvoice, at = new Date()): Record<string, unknown> {
		return { type, locationId: invoice.altId, ...invoice, timestamp: at.toISOString(), webhookId: randomUUID() };
	}

	/** Signs and delivers one webhook body to `webhookUrl`; resolves with the status answered. */
	async deliver(body: Record<string, unknown>): Promise<number> {
		if (!this.webhookUrl) return 0;
		const raw = JSON.stringify(body);
		const delivery = (async () => {
			let status = 0;
			try {
				const response = await fetch(this.webhookUrl!, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'X-GHL-Signature': this.sign(raw) },
					body: raw,
					redirect: 'manual',
				});
				status = response.status;
				await response.arrayBuffer();
			} catch {
				status = 0;
			}
			this.deliveries.push({ type: String(body.type), webhookId: String(body.webhookId), status });
			return status;
		})();
		this.pendingDeliveries.add(delivery);
		void delivery.finally(() => this.pendingDeliveries.delete(delivery));
		return await delivery;
	}

	/** Resolves once every delivery started so far was answered. */
	async deliveriesSettled(): Promise<void> {
		while (this.pendingDeliveries.size > 0) await Promise.all([...this.pendingDeliveries]);
	}

	/** Listens on 127.0.0.1:`port`; 0 (the default) picks a free port. */
	static async start(port = 0): Promise<HighLevelSandbox> {
		return await ProviderSandbox.listen((server) => new HighLevelSandbox(server), port);
	}

	reset() {
		this.invoices.clear();
		this.schedules.clear();
		this.applied.clear();
		this.requests.length = 0;
		this.pagingFault = undefined;
	}

	addInvoice(invoice: Partial<HighLevelInvoice> & { _id: string; altId: string }): HighLevelInvoice {
		const full: HighLevelInvoice = {
			status: 'sent',
			altType: 'location',
			name: 'New Invoice',
			invoiceNumber: this.invoices.size + 1,
			currency: 'USD',
			total: 999,
			amountPaid: 0,
			amountDue: 999,
			liveMode: false,
			...invoice,
		};
		this.invoices.set(full._id, full);
		return full;
	}

	protected handle(request: RecordedRequest): SandboxReply {
		if (request.rawPath === '/oauth/token') return this.token(request);
		if (request.headers.version !== API_VERSION) {
			return error(400, 'Bad Request', 'Version header is missing or not supported');
		}
		const authorization = String(request.headers.authorization ?? '');
		const tokenLocation = authorization.startsWith('Bearer ') ? this.tokens.get(authorization.slice(7)) : undefined;
		if (tokenLocation === undefined) return unauthorized();

		if (request.segments[0] === 'invoices' && request.segments[1] === 'schedule') return this.scheduleRoute(request, tokenLocation);
		const [collection, id, action, ...rest] = request.segments;
		if (collection !== 'invoices' || rest.length > 0) return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);
		const isVoid = action === 'void' && request.method === 'POST';
		if (action !== undefined && !isVoid) return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);

		const scope = isVoid ? request.body : request.query;
		const problems = scopeProblems(scope);
		if (isVoid && !String(request.headers['content-type'] ?? '').includes('application/json')) {
			problems.unshift('body must be JSON');
		}
		if (problems.length) return error(422, 'Unprocessable Entity', problems);
		if (scope.altId !== tokenLocation) {
			return error(403, 'Forbidden', 'The token does not have access to this location.');
		}

		if (id === undefined || id === '') return this.list(request, tokenLocation);
		const invoice = this.invoices.get(id);
		// Invoices of another location are invisible, exactly like unknown ones.
		if (!invoice || invoice.altId !== scope.altId) return notFound(id);

		if (isVoid) return this.void(invoice);
		if (request.method === 'GET') return { status: 200, body: invoice };
		if (request.method === 'DELETE') return this.delete(invoice);
		return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);
	}

	/**
	 * `GET /invoices/`: the location's invoices, filtered by `status`, `contactId`
	 * (`contactDetails.id`), `startAt` / `endAt` (`YYYY-MM-DD`, on `issueDate`), `search` (name,
	 * number or id), `paymentMode` (`live` / `test`), paged by the required `limit` and `offset`
	 * (text holding a whole number; `limit` at most 100), answered `{invoices, total}`.
	 */
	private list(request: RecordedRequest, location: string): SandboxReply {
		if (request.method !== 'GET') return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);
		const { query } = request;
		const problems: string[] = [];
		const limit = Number(query.limit);
		const offset = Number(query.offset);
		if (query.limit === undefined || !/^\d+$/.test(query.limit) || limit < 1 || limit > 100) problems.push('limit must be a number string between 1 and 100');
		if (query.offset === undefined || !/^\d+$/.test(query.offset)) problems.push('offset must be a number string');
		for (const name of ['startAt', 'endAt']) {
			if (query[name] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(query[name])) problems.push(`${name} must be a date string YYYY-MM-DD`);
		}
		if (query.paymentMode !== undefined && !['live', 'test'].includes(query.paymentMode)) problems.push('paymentMode must be one of the following values: live, test');
		if (problems.length) return error(422, 'Unprocessable Entity', problems);
		const search = query.search?.toLowerCase();
		const invoices = [...this.invoices.values()].filter((invoice) => {
			const day = String(invoice.issueDate ?? '').slice(0, 10);
			const contact = (invoice.contactDetails as { id?: string } | undefined)?.id;
			return (
				invoice.altId === location &&
				(query.status === undefined || invoice.status === query.status) &&
				(query.contactId === undefined || contact === query.contactId) &&
				(query.startAt === undefined || day >= query.startAt) &&
				(query.endAt === undefined || day <= query.endAt) &&
				(query.paymentMode === undefined || invoice.liveMode === (query.paymentMode === 'live')) &&
				(search === undefined ||
					[invoice.name, String(invoice.invoiceNumber), invoice._id].some((text) => text.toLowerCase().includes(search)))
			);
		});
		const start = this.pageStart(offset);
		return { status: 200, body: { invoices: invoices.slice(start, start + limit), total: invoices.length } };
	}

	/**
	 * Adds `count` invoices `inv_00001`... (after the ones there) to `location`, issued a day apart
	 * from 2026-01-01, cycling through statuses, three contacts, live and test mode.
	 */
	seedInvoices(location: string, count: number): HighLevelInvoice[] {
		const start = this.invoices.size;
		const statuses: HighLevelStatus[] = ['sent', 'draft', 'paid', 'sent', 'void', 'partially_paid', 'payment_processing'];
		return Array.from({ length: count }, (_, index) => {
			const number = start + index + 1;
			return this.addInvoice({
				_id: `inv_${String(number).padStart(5, '0')}`,
				altId: location,
				name: `Invoice ${number}`,
				invoiceNumber: number,
				status: statuses[number % statuses.length],
				liveMode: number % 2 === 0,
				contactDetails: { id: `contact_${(number % 3) + 1}` },
				issueDate: new Date(Date.UTC(2026, 0, 1) + number * 86_400_000).toISOString().slice(0, 10),
			});
		});
	}

	addSchedule(schedule: Partial<HighLevelSchedule> & { _id: string; altId: string }): HighLevelSchedule {
		const full: HighLevelSchedule = {
			status: 'active',
			altType: 'location',
			name: 'Monthly retainer',
			liveMode: false,
			currency: 'USD',
			total: 500,
			schedule: { executeAt: '2026-01-01T09:00:00.000Z', rrule: { intervalType: 'monthly', interval: 1 } },
			invoices: [],
			contactDetails: { id: 'contact_1', name: 'Alex', email: 'alex@example.com' },
			createdAt: '2026-01-01T09:00:00.000Z',
			updatedAt: '2026-01-01T09:00:00.000Z',
			...schedule,
		};
		this.schedules.set(full._id, full);
		return full;
	}

	/**
	 * Adds `count` schedules `sch_00001`... (after the ones there) to `location`, created a day
	 * apart from 2026-01-01, cycling through statuses, live and test mode.
	 */
	seedSchedules(location: string, count: number): HighLevelSchedule[] {
		const start = this.schedules.size;
		const statuses: HighLevelScheduleStatus[] = ['active', 'draft', 'active', 'cancelled', 'completed'];
		return Array.from({ length: count }, (_, index) => {
			const number = start + index + 1;
			const created = new Date(Date.UTC(2026, 0, 1) + number * 86_400_000).toISOString();
			return this.addSchedule({
				_id: `sch_${String(number).padStart(5, '0')}`,
				altId: location,
				name: `Schedule ${number}`,
				status: statuses[number % statuses.length],
				liveMode: number % 2 === 0,
				contactDetails: { id: `contact_${(number % 3) + 1}`, name: `Contact ${(number % 3) + 1}`, email: `contact${(number % 3) + 1}@example.com` },
				createdAt: created,
				updatedAt: created,
			});
		});
	}

	/**
	 * `/invoices/schedule...`: list (`GET`), get (`GET /{id}`), delete (`DELETE /{id}`, answered
	 * `{success: true}`), all scoped by altId / altType in the query; cancel (`POST /{id}/cancel`)
	 * with altId / altType in the JSON body, answered with the schedule, now cancelled.
	 */
	private scheduleRoute(request: RecordedRequest, tokenLocation: string): SandboxReply {
		const [, , id, action, ...rest] = request.segments;
		const isCancel = action === 'cancel' && request.method === 'POST';
		if (rest.length > 0 || (action !== undefined && !isCancel)) return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);
		const scope = isCancel ? request.body : request.query;
		const problems = scopeProblems(scope);
		if (isCancel && !String(request.headers['content-type'] ?? '').includes('application/json')) problems.unshift('body must be JSON');
		if (problems.length) return error(422, 'Unprocessable Entity', problems);
		if (scope.altId !== tokenLocation) return error(403, 'Forbidden', 'The token does not have access to this location.');

		if (id === undefined || id === '') return this.listSchedules(request, tokenLocation);
		const schedule = this.schedules.get(id);
		// Schedules of another location are invisible, exactly like unknown (or deleted) ones.
		if (!schedule || schedule.altId !== scope.altId) return scheduleNotFound(id);
		if (isCancel) return this.cancelSchedule(schedule);
		if (request.method === 'GET') return { status: 200, body: schedule };
		if (request.method === 'DELETE') {
			this.count(schedule);
			this.schedules.delete(schedule._id);
			return { status: 200, body: { success: true } };
		}
		return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);
	}

	private cancelSchedule(schedule: HighLevelSchedule): SandboxReply {
		if (schedule.status === 'cancelled') return error(400, 'Bad Request', 'Schedule is already cancelled');
		this.count(schedule);
		schedule.status = 'cancelled';
		schedule.updatedAt = new Date().toISOString();
		return { status: 200, body: schedule };
	}

	/**
	 * `GET /invoices/schedule`: the location's schedules, filtered by `status`, `startAt` / `endAt`
	 * (`YYYY-MM-DD`, on `createdAt`), `search` (id, name, contact email or phone), `paymentMode`
	 * (`live` / `test`; `default` filters nothing), paged by the required `limit` and `offset` (text
	 * holding a whole number; `limit` at most 100), answered `{schedules, total}`.
	 */
	private listSchedules(request: RecordedRequest, location: string): SandboxReply {
		if (request.method !== 'GET') return error(404, 'Not Found', `Cannot ${request.method} ${request.rawPath}`);
		const { query } = request;
		const problems: string[] = [];
		const limit = Number(query.limit);
		const offset = Number(query.offset);
		if (query.limit === undefined || !/^\d+$/.test(query.limit) || limit < 1 || limit > 100) problems.push('limit must be a number string between 1 and 100');
		if (query.offset === undefined || !/^\d+$/.test(query.offset)) problems.push('offset must be a number string');
		for (const name of ['startAt', 'endAt']) {
			if (query[name] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(query[name])) problems.push(`${name} must be a date string YYYY-MM-DD`);
		}
		if (query.paymentMode !== undefined && !['default', 'live', 'test'].includes(query.paymentMode)) {
			problems.push('paymentMode must be one of the following values: default, live, test');
		}
		if (problems.length) return error(422, 'Unprocessable Entity', problems);
		const search = query.search?.toLowerCase();
		const mode = query.paymentMode === 'default' ? undefined : query.paymentMode;
		const schedules = [...this.schedules.values()].filter((schedule) => {
			const day = schedule.createdAt.slice(0, 10);
			const contact = schedule.contactDetails;
			return (
				schedule.altId === location &&
				(query.status === undefined || schedule.status === query.status) &&
				(query.startAt === undefined || day >= query.startAt) &&
				(query.endAt === undefined || day <= query.endAt) &&
				(mode === undefined || schedule.liveMode === (mode === 'live')) &&
				(search === undefined ||
					[schedule._id, schedule.name, contact.email ?? '', contact.phoneNo ?? ''].some((text) => text.toLowerCase().includes(search)))
			);
		});
		const start = this.pageStart(offset);
		return { status: 200, body: { schedules: schedules.slice(start, start + limit), total: schedules.length } };
	}

	private void(invoice: HighLevelInvoice): SandboxReply {
		if (!VOIDABLE.includes(invoice.status)) {
			return error(400, 'Bad Request', `Invoice in ${invoice.status} status cannot be voided`);
		}
		this.count(invoice);
		invoice.status = 'void';
		void this.deliver(this.webhookBody('InvoiceVoid', invoice));
		return { status: 200, body: invoice };
	}

	private delete(invoice: HighLevelInvoice): SandboxReply {
		if (!DELETABLE.includes(invoice.status)) {
			return error(400, 'Bad Request', `Invoice in ${invoice.status} status cannot be deleted`);
		}
		this.count(invoice);
		this.invoices.delete(invoice._id);
		void this.deliver(this.webhookBody('InvoiceDelete', invoice));
		return { status: 200, body: invoice };
	}

	/**
	 * HighLevel's token endpoint for the refresh grant: form body with the client credentials
	 * (n8n's "body" authentication), a new access and refresh token, and the location.
	 */
	private token(request: RecordedRequest): SandboxReply {
		const { grant_type: grantType, refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret } = request.body;
		if (request.method !== 'POST' || !String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
			return error(422, 'Unprocessable Entity', ['grant_type must be one of the following values: authorization_code, refresh_token']);
		}
		if (clientId !== this.client.id || clientSecret !== this.client.secret) {
			return error(401, 'Unauthorized', 'Invalid client credentials');
		}
		const location = typeof refreshToken === 'string' ? this.refreshTokens.get(refreshToken) : undefined;
		if (grantType !== 'refresh_token' || location === undefined) {
			return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid grant: refresh token is invalid' } };
		}
		this.refreshTokens.delete(refreshToken as string);
		const serial = this.tokens.size + this.refreshTokens.size + 1;
		const accessToken = `refreshed-access-${serial}`;
		const nextRefreshToken = `refreshed-refresh-${serial}`;
		this.tokens.set(accessToken, location);
		this.refreshTokens.set(nextRefreshToken, location);
		return {
			status: 200,
			body: {
				access_token: accessToken,
				token_type: 'Bearer',
				expires_in: 86399,
				refresh_token: nextRefreshToken,
				scope: 'invoices.readonly invoices.write',
				userType: 'Location',
				locationId: location,
				companyId: 'Company00000001',
				userId: 'User00000000001',
			},
		};
	}

	private count(record: { _id: string }) {
		this.applied.set(record._id, (this.applied.get(record._id) ?? 0) + 1);
	}
}
