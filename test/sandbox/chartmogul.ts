import { basicKeyOf, ProviderSandbox, type FaultFunction, type RecordedRequest, type Sandbox, type SandboxReply } from './server';

/** `voided` and `written_off` are set through the API; the others ChartMogul derives from transactions. */
export type ChartMogulStatus = 'open' | 'paid' | 'refunded' | 'voided' | 'written_off';

export interface ChartMogulInvoice {
	uuid: string;
	external_id: string;
	data_source_uuid: string;
	customer_uuid: string;
	status: ChartMogulStatus;
	currency: string;
	date: string;
	line_items: unknown[];
	transactions: unknown[];
	/** Set when a status change came with `handle_as_user_edit=true`. */
	user_edited?: boolean;
	/** Disabled invoices leave the metrics and the list (unless `with_disabled=true`). */
	disabled: boolean;
	disabled_at: string | null;
	disabled_by: string | null;
	[key: string]: unknown;
}

export interface ChartMogulDataSource {
	uuid: string;
	name: string;
	system: string;
	status: string;
	created_at: string;
}

export interface ChartMogulCustomer {
	uuid: string;
	external_id: string;
	name: string;
	email: string;
	/** The data source it was first imported from; its invoices may come from others too. */
	data_source_uuid: string;
}

/** Who the sandbox says disabled an invoice through the API (ChartMogul names the user). */
export const DISABLED_BY = 'api@chartmogul-sandbox.test';

const SETTABLE_STATUSES = ['voided', 'written_off'];

/** ChartMogul's list pages: `per_page` defaults to and tops out at 200. */
const MAX_PER_PAGE = 200;

/**
 * A fault function answering `GET /v1/invoices` with `pages` pages of `perPage` distinct
 * invoices (only `uuid` and `external_id`) whatever `per_page` asked: a list past the node's
 * record ceiling in a few requests, so that its tests stay fast.
 */
export function oversizedListPages(perPage: number, pages: number): FaultFunction {
	return (request) => {
		if (request.method !== 'GET' || request.rawPath !== '/v1/invoices') return undefined;
		const page = request.query.cursor === undefined ? 0 : Number(request.query.cursor.slice('page:'.length));
		const invoices = Array.from({ length: perPage }, (_, index) => {
			const number = String(page * perPage + index).padStart(7, '0');
			return { uuid: `inv_${number}`, external_id: `ext_${number}` };
		});
		const hasMore = page + 1 < pages;
		return { kind: 'reply', reply: { status: 200, body: { invoices, cursor: hasMore ? `page:${page + 1}` : null, has_more: hasMore } } };
	};
}

/** An opaque cursor, as ChartMogul's are: here the offset of the next page. */
const cursorAt = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
const offsetOf = (cursor: string) => Number(/^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1] ?? NaN);

/** Each error in a shape ChartMogul really answers with: there is no single schema. */
const UNAUTHORIZED: SandboxReply = {
	status: 401,
	body: { code: 401, message: 'No valid API key provided', param: null },
};

function notFound(what: string): SandboxReply {
	return {
		status: 404,
		body: { error: `${what} not found`, error_details: [{ param: what.toLowerCase(), code: 'invalid', message: `${what} not found` }] },
	};
}

const unprocessable = (message: string): SandboxReply => ({ status: 422, body: { message } });

const ROUTE_NOT_FOUND: SandboxReply = { status: 404, body: { error: 'Not found' } };

const NO_CONTENT: SandboxReply = { status: 204 };

/**
 * A stateful stand-in for ChartMogul's invoice API (`/v1`): Basic auth with the API key, invoices
 * found by UUID or by data source + external id, status changes through the status endpoint
 * (external id only; a status the invoice already has is set again), deletes by UUID, by external
 * id and for all of a customer (a customer it knows), paged lists, and errors in ChartMogul's shapes.
 *
 * Disable / Enable (`PATCH .../disabled_state`, by UUID or by external id) keep the state: a
 * disabled invoice is listed only with `with_disabled=true`, and shown by the single read
 * `GET /v1/invoices/{uuid}` in any case (as the SDK's test data show it; unconfirmed, see
 * nodes/ChartMogul/request.ts). Refused with 422 `{message}`, as ChartMogul documents the
 * conditions (its wording is the sandbox's): an invoice of a custom data source
 * (`customDataSources`), one whose invoice, line items or transactions lack an external id, and
 * (assumed, unconfirmed) a change to the state the invoice already has.
 */
export class ChartMogulSandbox extends ProviderSandbox {
	readonly invoices = new Map<string, ChartMogulInvoice>();

	/** Every status change applied, in order. */
	readonly statusChanges: Array<{ uuid: string; status: string; handleAsUserEdit: boolean }> = [];

	/** UUIDs of deleted invoices, in the order they were deleted. */
	readonly deleted: string[] = [];

	/** Customers the sandbox knows; they stay known once their invoices are deleted. */
	readonly customers = new Set<string>();

	/** What `GET /v1/customers` lists about each known customer (made up from the uuid if not added). */
	readonly customerDetails = new Map<string, ChartMogulCustomer>();

	/** The account's data sources (`GET /v1/data_sources`); an invoice's unknown data source is added. */
	readonly dataSources = new Map<string, ChartMogulDataSource>();
	/** Data sources fed by the Import API or CSV, whose invoices ChartMogul does not disable. */
	readonly customDataSources = new Set<string>();

	/** Every disable / enable applied, in order. */
	readonly disabledChanges: Array<{ uuid: string; disabled: boolean }> = [];

	private constructor(
		server: Sandbox,
		readonly apiKey: string,
	) {
		super(server);
	}

	/** Listens on 127.0.0.1:`port`; 0 (the default) picks a free port. */
	static async start(apiKey = 'cm_test_key_4b1e9d', port = 0): Promise<ChartMogulSandbox> {
		return await ProviderSandbox.listen((server) => new ChartMogulSandbox(server, apiKey), port);
	}

	credentials(overrides: Record<string, string> = {}) {
		return { apiKey: this.apiKey, baseUrl: this.url, ...overrides };
	}

	addInvoice(invoice: Partial<ChartMogulInvoice> & { uuid: string }): ChartMogulInvoice {
		const full: ChartMogulInvoice = {
			external_id: `ext_${invoice.uuid}`,
			data_source_uuid: 'ds_chargebee',
			customer_uuid: 'cus_1',
			status: 'open',
			currency: 'USD',
			date: '2026-01-01T00:00:00.000Z',
			line_items: [],
			transactions: [],
			disabled: false,
			disabled_at: null,
			disabled_by: null,
			...invoice,
		};
		this.invoices.set(full.uuid, full);
		this.customers.add(full.customer_uuid);
		if (!this.dataSources.has(full.data_source_uuid)) this.addDataSource({ uuid: full.data_source_uuid });
		if (!this.customerDetails.has(full.customer_uuid)) this.addCustomer({ uuid: full.customer_uuid, data_source_uuid: full.data_source_uuid });
		return full;
	}

	addDataSource(source: Partial<ChartMogulDataSource> & { uuid: string }): ChartMogulDataSource {
		const full: ChartMogulDataSource = { name: source.uuid, system: 'Import API', status: 'idle', created_at: '2026-01-01T00:00:00.000Z', ...source };
		this.dataSources.set(full.uuid, full);
		return full;
	}

	addCustomer(customer: Partial<ChartMogulCustomer> & { uuid: string }): ChartMogulCustomer {
		const full: ChartMogulCustomer = {
			external_id: `ext_${customer.uuid}`,
			name: `Customer ${customer.uuid}`,
			email: `${customer.uuid}@example.com`,
			data_source_uuid: 'ds_chargebee',
			...customer,
		};
		this.customers.add(full.uuid);
		this.customerDetails.set(full.uuid, full);
		return full;
	}

	/**
	 * Adds `count` invoices `inv_00001`... (after the ones there) a day apart from 2026-01-01,
	 * spread over three customers and two data sources: enough to page through.
	 */
	seedInvoices(count: number): ChartMogulInvoice[] {
		const start = this.invoices.size;
		return Array.from({ length: count }, (_, index) => {
			const number = start + index + 1;
			const uuid = `inv_${String(number).padStart(5, '0')}`;
			return this.addInvoice({
				uuid,
				external_id: `ext_${String(number).padStart(5, '0')}`,
				customer_uuid: `cus_${(number % 3) + 1}`,
				data_source_uuid: number % 2 === 0 ? 'ds_chargebee' : 'ds_stripe',
				date: new Date(Date.UTC(2026, 0, 1) + number * 86_400_000).toISOString(),
			});
		});
	}

	/** Resets invoices and recorded requests between tests. */
	reset() {
		this.invoices.clear();
		this.statusChanges.length = 0;
		this.deleted.length = 0;
		this.customers.clear();
		this.customerDetails.clear();
		this.dataSources.clear();
		this.customDataSources.clear();
		this.disabledChanges.length = 0;
		this.requests.length = 0;
		this.pagingFault = undefined;
	}

	protected handle(request: RecordedRequest): SandboxReply {
		if (basicKeyOf(request.headers) !== this.apiKey) return UNAUTHORIZED;
		const [version, ...path] = request.segments;
		if (version !== 'v1') return ROUTE_NOT_FOUND;
		const route = `${request.method} ${path.map((segment, index) => (index % 2 === 0 ? segment : ':')).join('/')}`;
		switch (route) {
			case 'GET ping':
				return { status: 200, body: { data: 'pong!' } };
			case 'GET invoices':
				return this.list(request.query);
			case 'DELETE invoices':
				return this.deleteByExternalId(request.query);
			case 'GET invoices/:':
				return this.withInvoice(this.invoices.get(path[1]), (invoice) => ({ status: 200, body: invoice }));
			case 'PATCH invoices/:':
				if (path[1] !== 'disabled_state') return ROUTE_NOT_FOUND;
				return this.setDisabledByExternalId(request);
			case 'PATCH invoices/:/disabled_state':
				return this.withInvoice(this.invoices.get(path[1]), (invoice) => this.setDisabled(invoice, request));
			case 'DELETE invoices/:':
				return this.withInvoice(this.invoices.get(path[1]), (invoice) => this.remove([invoice]));
			case 'PUT data_sources/:/invoices/:/status':
				return this.changeStatus(path[1], path[3], request);
			case 'GET data_sources':
				return { status: 200, body: { data_sources: [...this.dataSources.values()] } };
			case 'GET customers':
				return this.listCustomers(request.query, false);
			case 'GET customers/:':
				if (path[1] === 'search') return this.listCustomers(request.query, true);
				return this.customers.has(path[1]) ? { status: 200, body: { uuid: path[1] } } : notFound('Customer');
			case 'DELETE data_sources/:/customers/:/invoices':
				return this.deleteAllOfCustomer(path[1], path[3]);
			default:
				return ROUTE_NOT_FOUND;
		}
	}

	private byExternalId(dataSourceUuid: string, externalId: string): ChartMogulInvoice | undefined {
		return [...this.invoices.values()].find(
			(invoice) => invoice.data_source_uuid === dataSourceUuid && invoice.external_id === externalId,
		);
	}

	private withInvoice(invoice: ChartMogulInvoice | undefined, then: (invoice: ChartMogulInvoice) => SandboxReply) {
		return invoice ? then(invoice) : notFound('Invoice');
	}

	private remove(invoices: ChartMogulInvoice[]): SandboxReply {
		for (const invoice of invoices) {
			this.invoices.delete(invoice.uuid);
			this.deleted.push(invoice.uuid);
		}
		return NO_CONTENT;
	}

	/** `GET /v1/invoices`: filtered, in pages of `per_page`, continued with `cursor`. */
	private list(query: Record<string, string>): SandboxReply {
		const perPage = query.per_page === undefined ? MAX_PER_PAGE : Number(query.per_page);
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
			return unprocessable(`per_page must be between 1 and ${MAX_PER_PAGE}`);
		}
		const offset = query.cursor === undefined ? 0 : offsetOf(query.cursor);
		if (Number.isNaN(offset)) return unprocessable('Invalid cursor');
		const filters = (['data_source_uuid', 'customer_uuid', 'external_id'] as const).filter((key) => key in query);
		const withDisabled = query.with_disabled === 'true';
		const matching = [...this.invoices.values()].filter(
			(invoice) => filters.every((key) => invoice[key] === query[key]) && (withDisabled || !invoice.disabled),
		);
		const start = this.pageStart(offset);
		const invoices = matching.slice(start, start + perPage);
		const hasMore = offset + perPage < matching.length;
		return { status: 200, body: { invoices, cursor: hasMore ? cursorAt(offset + perPage) : null, has_more: hasMore } };
	}

	/**
	 * `GET /v1/customers` (filter `data_source_uuid`: a customer with an invoice there or imported
	 * from it) and `GET /v1/customers/search?email=` (required, exact), both paged with `per_page`
	 * and `cursor`, answered `{entries, has_more, cursor}`.
	 */
	private listCustomers(query: Record<string, string>, search: boolean): SandboxReply {
		const perPage = query.per_page === undefined ? MAX_PER_PAGE : Number(query.per_page);
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
			return unprocessable(`per_page must be between 1 and ${MAX_PER_PAGE}`);
		}
		const offset = query.cursor === undefined ? 0 : offsetOf(query.cursor);
		if (Number.isNaN(offset)) return unprocessable('Invalid cursor');
		if (search && !query.email) return unprocessable('email is required');
		const inSource = (uuid: string, dataSource: string) =>
			this.customerDetails.get(uuid)?.data_source_uuid === dataSource ||
			[...this.invoices.values()].some((invoice) => invoice.customer_uuid === uuid && invoice.data_source_uuid === dataSource);
		const matching = [...this.customers]
			.map((uuid) => this.customerDetails.get(uuid) ?? this.addCustomer({ uuid }))
			.filter((customer) => !search || customer.email.toLowerCase() === query.email.toLowerCase())
			.filter((customer) => query.data_source_uuid === undefined || inSource(customer.uuid, query.data_source_uuid));
		const entries = matching.slice(offset, offset + perPage);
		const hasMore = offset + perPage < matching.length;
		return { status: 200, body: { entries, cursor: hasMore ? cursorAt(offset + perPage) : null, has_more: hasMore } };
	}

	private deleteByExternalId(query: Record<string, string>): SandboxReply {
		if (!query.data_source_uuid || !query.external_id) {
			return unprocessable('data_source_uuid and external_id are required');
		}
		return this.withInvoice(this.byExternalId(query.data_source_uuid, query.external_id), (invoice) =>
			this.remove([invoice]),
		);
	}

	private changeStatus(dataSourceUuid: string, externalId: string, request: RecordedRequest): SandboxReply {
		if (!String(request.headers['content-type'] ?? '').includes('application/json')) {
			return unprocessable('Content-Type must be application/json');
		}
		const status = request.body.status;
		if (typeof status !== 'string' || !SETTABLE_STATUSES.includes(status)) {
			return unprocessable(`Invalid status: ${String(status)}. Possible statuses are written_off or voided`);
		}
		const handleAsUserEdit = request.query.handle_as_user_edit === 'true';
		return this.withInvoice(this.byExternalId(dataSourceUuid, externalId), (invoice) => {
			invoice.status = status as ChartMogulStatus;
			if (handleAsUserEdit) invoice.user_edited = true;
			this.statusChanges.push({ uuid: invoice.uuid, status, handleAsUserEdit });
			return { status: 200, body: { message: 'Invoice updated' } };
		});
	}

	private setDisabledByExternalId(request: RecordedRequest): SandboxReply {
		const { data_source_uuid: dataSourceUuid, external_id: externalId } = request.query;
		if (!dataSourceUuid || !externalId) return unprocessable('data_source_uuid and external_id are required');
		return this.withInvoice(this.byExternalId(dataSourceUuid, externalId), (invoice) => this.setDisabled(invoice, request));
	}

	/** `{"disabled": true|false}`: ChartMogul's conditions first, then the state, answered with the invoice. */
	private setDisabled(invoice: ChartMogulInvoice, request: RecordedRequest): SandboxReply {
		if (!String(request.headers['content-type'] ?? '').includes('application/json')) {
			return unprocessable('Content-Type must be application/json');
		}
		const disabled = request.body.disabled;
		if (typeof disabled !== 'boolean') return unprocessable(`disabled must be true or false (got ${JSON.stringify(disabled)})`);
		if (this.customDataSources.has(invoice.data_source_uuid)) {
			return unprocessable('Invoices from custom data sources cannot be disabled or enabled');
		}
		const hasId = (record: unknown) => typeof (record as { external_id?: unknown })?.external_id === 'string' && (record as { external_id: string }).external_id !== '';
		if (!hasId(invoice) || !invoice.line_items.every(hasId) || !invoice.transactions.every(hasId)) {
			return unprocessable('The invoice and all its line items and transactions must have an external ID to be disabled or enabled');
		}
		if (invoice.disabled === disabled) return unprocessable(`Invoice is already ${disabled ? 'disabled' : 'enabled'}`);
		invoice.disabled = disabled;
		invoice.disabled_at = disabled ? new Date().toISOString() : null;
		invoice.disabled_by = disabled ? DISABLED_BY : null;
		this.disabledChanges.push({ uuid: invoice.uuid, disabled });
		return { status: 200, body: invoice };
	}

	private deleteAllOfCustomer(dataSourceUuid: string, customerUuid: string): SandboxReply {
		if (!this.customers.has(customerUuid)) return notFound('Customer');
		return this.remove(
			[...this.invoices.values()].filter(
				(invoice) => invoice.data_source_uuid === dataSourceUuid && invoice.customer_uuid === customerUuid,
			),
		);
	}
}
