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
		if (version !== 'v1' || collection !== 'invoices' || id === undefined || rest.length > 0) {
			return error(404, 'Resource not found');
		}
		if (!this.useToken(request.headers.authorization)) return error(401, 'Unauthorized: the bearer token is invalid or expired');
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
