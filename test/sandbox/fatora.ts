import { ProviderSandbox, type RecordedRequest, type Sandbox, type SandboxReply } from './server';

export interface FatoraInvoice {
	id: string;
	number: string;
	payment_status: string;
	total: number;
	[key: string]: unknown;
}

type AuthorizeMethod = 'GET' | 'POST';

interface IssuedToken {
	/** Invoice calls the token still answers; Infinity unless the test set `tokenUses`. */
	usesLeft: number;
	expired: boolean;
}

const AUTHORIZE_SEGMENTS = ['v1', 'Authorization', 'Authorize'];

function error(status: number, message: string): SandboxReply {
	return { status, body: { status: 'ERROR', error: message } };
}

/**
 * A stateful stand-in for Fatora's API: `/v1/Authorization/Authorize` mints bearer tokens from the
 * `api_key` header, and `/v1/invoices/{id}` answers only to a live token. Tests can expire tokens
 * on demand or after a number of uses, choose which methods Authorize serves (the real one is
 * unconfirmed), and how a wrong key is answered.
 */
export class FatoraSandbox extends ProviderSandbox {
	readonly invoices = new Map<string, FatoraInvoice>();

	/** Every token ever minted, in order (for secret checks). */
	readonly issuedTokens: string[] = [];

	/** Methods Authorize serves; any other gets 405. */
	authorizeMethods: AuthorizeMethod[] = ['GET'];

	/** HTTP status of Authorize's `Invalid API Key` answer (its real status is undocumented). */
	invalidKeyStatus = 401;

	/** How many invoice calls a newly minted token answers before it expires. */
	tokenUses = Infinity;

	private readonly tokens = new Map<string, IssuedToken>();

	private constructor(
		server: Sandbox,
		public apiKey: string,
	) {
		super(server);
	}

	/** Listens on 127.0.0.1:`port`; 0 (the default) picks a free port. */
	static async start(apiKey = 'fat_live_k3y_5e1d7c', port = 0): Promise<FatoraSandbox> {
		return await ProviderSandbox.listen((server) => new FatoraSandbox(server, apiKey), port);
	}

	/** Requests to Authorize, i.e. attempts to mint a token. */
	get authorizeRequests(): RecordedRequest[] {
		return this.requests.filter((request) => request.rawPath === `/${AUTHORIZE_SEGMENTS.join('/')}`);
	}

	/** Requests to anything but Authorize. */
	get invoiceRequests(): RecordedRequest[] {
		return this.requests.filter((request) => !this.authorizeRequests.includes(request));
	}

	credentials(overrides: Record<string, string> = {}) {
		return { apiKey: this.apiKey, baseUrl: this.url, ...overrides };
	}

	addInvoice(invoice: Partial<FatoraInvoice> & { id: string }): FatoraInvoice {
		const full: FatoraInvoice = { number: `INV-${invoice.id}`, payment_status: 'unpaid', total: 150, ...invoice };
		this.invoices.set(full.id, full);
		return full;
	}

	/**
	 * Adds `count` invoices with ids 1001, 1002... (after the ones there), a day apart from
	 * 2026-01-01, cycling through payment statuses and three clients.
	 */
	seedInvoices(count: number): FatoraInvoice[] {
		const start = this.invoices.size;
		const statuses = ['unpaid', 'paid', 'partially_paid', 'unpaid'];
		return Array.from({ length: count }, (_, index) => {
			const number = start + index + 1;
			return this.addInvoice({
				id: String(1000 + number),
				number: `INV-${String(number).padStart(5, '0')}`,
				payment_status: statuses[number % statuses.length],
				client_email: `client${(number % 3) + 1}@example.com`,
				client_name: `Client ${(number % 3) + 1}`,
				issue_date: new Date(Date.UTC(2026, 0, 1) + number * 86_400_000).toISOString().slice(0, 10),
			});
		});
	}

	/**
	 * `GET /v1/invoices`: `keyword` (number or client name), `status` (payment status),
	 * `from` / `to` (dd-mm-yyyy, on the issue date), `client_email`, `page` (from 1) and
	 * `page_size` (1..100). Fatora does not document its answer: the sandbox answers
	 * `{status, data, page, page_size, total}`, one of the shapes the node reads.
	 */
	private list(query: Record<string, string>): SandboxReply {
		const page = Number(query.page ?? 1);
		const pageSize = Number(query.page_size ?? 20);
		if (!Number.isInteger(page) || page < 1) return error(422, 'page must be a whole number from 1');
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return error(422, 'page_size must be between 1 and 100');
		const day = (text: string | undefined, name: string) => {
			if (text === undefined) return undefined;
			const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
			if (!match) throw new Error(`${name} must be dd-mm-yyyy`);
			return `${match[3]}-${match[2]}-${match[1]}`;
		};
		let from: string | undefined;
		let to: string | undefined;
		try {
			from = day(query.from, 'from');
			to = day(query.to, 'to');
		} catch (problem) {
			return error(422, (problem as Error).message);
		}
		const keyword = query.keyword?.toLowerCase();
		const found = [...this.invoices.values()].filter((invoice) => {
			const issued = String(invoice.issue_date ?? '');
			return (
				(keyword === undefined || [invoice.number, String(invoice.client_name ?? '')].some((text) => text.toLowerCase().includes(keyword))) &&
				(query.status === undefined || invoice.payment_status === query.status) &&
				(query.client_email === undefined || invoice.client_email === query.client_email) &&
				(from === undefined || issued >= from) &&
				(to === undefined || issued <= to)
			);
		});
		const data = found.slice((page - 1) * pageSize, page * pageSize);
		return { status: 200, body: { status: 'SUCCESS', data, page, page_size: pageSize, total: found.length } };
	}

	/** Expires every token minted so far, as if their lifetime had run out. */
	expireTokens(): void {
		for (const token of this.tokens.values()) token.expired = true;
	}

	reset(): void {
		this.invoices.clear();
		this.requests.length = 0;
		this.tokens.clear();
		this.issuedTokens.length = 0;
		this.authorizeMethods = ['GET'];
		this.invalidKeyStatus = 401;
		this.tokenUses = Infinity;
	}

	protected handle(request: RecordedRequest): SandboxReply {
		if (request.segments.join('/') === AUTHORIZE_SEGMENTS.join('/')) return this.authorize(request);
		const [version, collection, id, ...rest] = request.segments;
		if (version !== 'v1' || collection !== 'invoices' || rest.length > 0) {
			return error(404, 'Resource not found');
		}
		if (!this.useToken(request.headers.authorization)) return error(401, 'Unauthorized: the bearer token is invalid or expired');
		if (id === undefined || id === '') return request.method === 'GET' ? this.list(request.query) : error(405, 'Method not allowed');
		const invoice = this.invoices.get(id);
		if (!invoice) return error(404, 'Invoice not found');
		if (request.method === 'GET') return { status: 200, body: { status: 'SUCCESS', ...invoice } };
		if (request.method === 'DELETE') {
			this.invoices.delete(id);
			return { status: 204 };
		}
		return error(405, 'Method not allowed');
	}

	private authorize(request: RecordedRequest): SandboxReply {
		if (!this.authorizeMethods.includes(request.method as AuthorizeMethod)) return error(405, 'Method not allowed');
		if (request.headers.api_key !== this.apiKey) return error(this.invalidKeyStatus, 'Invalid API Key');
		const token = `eyJ.fatora-token-${this.issuedTokens.length + 1}-${Math.random().toString(36).slice(2)}`;
		this.tokens.set(token, { usesLeft: this.tokenUses, expired: false });
		this.issuedTokens.push(token);
		return { status: 200, body: { success: true, bearer_token: token } };
	}

	/** Whether the Authorization header carries a live token; counts one use of it. */
	private useToken(header: string | string[] | undefined): boolean {
		if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
		const token = this.tokens.get(header.slice('Bearer '.length));
		if (!token || token.expired) return false;
		if (token.usesLeft <= 0) {
			token.expired = true;
			return false;
		}
		token.usesLeft--;
		return true;
	}
}
