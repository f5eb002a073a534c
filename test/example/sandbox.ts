import { ProviderSandbox, type RecordedRequest, type Sandbox, type SandboxReply } from '../sandbox/server';

export interface LedgerlyInvoice {
	id: string;
	status: 'open' | 'locked';
	deleted?: boolean;
}

/** The example provider's fake API: `GET` and `DELETE /api/invoices/{id}` behind an `X-Api-Key`. */
export class LedgerlySandbox extends ProviderSandbox {
	readonly invoices = new Map<string, LedgerlyInvoice>();

	private constructor(
		server: Sandbox,
		readonly apiKey: string,
	) {
		super(server);
	}

	static async start(apiKey: string): Promise<LedgerlySandbox> {
		return await ProviderSandbox.listen((server) => new LedgerlySandbox(server, apiKey));
	}

	reset(): void {
		this.invoices.clear();
		this.requests.length = 0;
	}

	protected handle(request: RecordedRequest): SandboxReply {
		if (request.headers['x-api-key'] !== this.apiKey) return { status: 401, body: { error: 'bad key' } };
		const [api, collection, id, ...rest] = request.segments;
		if (api !== 'api' || collection !== 'invoices' || id === undefined || rest.length > 0) return { status: 404, body: { error: 'no such path' } };
		const invoice = this.invoices.get(id);
		if (!invoice) return { status: 404, body: { error: 'invoice not found' } };
		if (request.method === 'GET') return { status: 200, body: invoice };
		if (request.method !== 'DELETE') return { status: 405, body: { error: 'method not allowed' } };
		if (invoice.status === 'locked') return { status: 409, body: { error: 'invoice is locked' } };
		this.invoices.delete(id);
		return { status: 200, body: { ...invoice, deleted: true } };
	}
}
