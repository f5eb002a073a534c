import { createServer, type IncomingMessage, type Server, type ServerResponse, type AddressInfo, delay } from '../harness/node';

/** One request as the sandbox saw it, for assertions. */
export interface RecordedRequest {
	method: string;
	/** The raw request target, exactly as sent. */
	url: string;
	/** The raw path, without the query. */
	rawPath: string;
	/** The path split on `/` and percent-decoded segment by segment. */
	segments: string[];
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** Parsed form or JSON body (`{}` when empty). */
	body: Record<string, unknown>;
	/** When the request arrived (epoch ms), for pacing and concurrency checks. */
	at: number;
}

export interface SandboxReply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** A body sent as it is (e.g. a proxy's HTML page) instead of `body` as JSON. */
	text?: string;
}

/**
 * A scripted misbehaviour for the next matching request. With `afterHandler`, the provider
 * handles the request first (its change is applied) and only the answer is lost or replaced:
 * the case where a retry must not apply the change twice.
 */
export type Fault =
	| { kind: 'reply'; reply: SandboxReply; afterHandler?: boolean }
	| { kind: 'reset'; afterHandler?: boolean }
	| { kind: 'delay'; ms: number };

/** Decides a fault per request when none is queued (e.g. random faults from a seeded PRNG). */
export type FaultFunction = (request: RecordedRequest) => Fault | undefined;

/**
 * Answers 429 once more than `requests` arrived in the last `perMilliseconds` (a sliding window,
 * as strict as a provider can be). `reply` shapes the 429 (provider headers and body); by default
 * it carries `Retry-After` in whole seconds until a slot frees.
 */
export interface RateLimitMode {
	requests: number;
	perMilliseconds: number;
	reply?: (waitMs: number) => SandboxReply;
}

export type Handler = (request: RecordedRequest) => SandboxReply | Promise<SandboxReply>;

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
	if (!raw) return {};
	if (contentType?.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw));
	}
	try {
		return JSON.parse(raw) as Record<string, unknown>;
	} catch {
		return { unparsable: raw };
	}
}

function record(request: IncomingMessage, rawBody: string): RecordedRequest {
	const url = request.url ?? '/';
	const queryStart = url.indexOf('?');
	const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
	const query = Object.fromEntries(new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1)));
	return {
		method: request.method ?? 'GET',
		url,
		rawPath,
		segments: rawPath
			.split('/')
			.slice(1)
			.map((segment) => decodeURIComponent(segment)),
		query,
		headers: request.headers,
		rawBody,
		body: parseBody(rawBody, request.headers['content-type']),
		at: Date.now(),
	};
}

/**
 * A provider stand-in on 127.0.0.1 (a free port unless one is given): records every request, lets a test script
 * faults, and answers through the provider's handler.
 */
export class Sandbox {
	readonly requests: RecordedRequest[] = [];

	private readonly faults: Fault[] = [];

	/** Consulted for every request that finds no queued fault. */
	faultFunction?: FaultFunction;

	/** When set, requests over the limit are answered 429 (and counted in `rateLimited`). */
	rateLimit?: RateLimitMode;

	/** Requests answered 429 by the rate-limit mode. */
	rateLimited = 0;

	/** Requests being handled right now, and the most there ever were at once. */
	inFlight = 0;

	maxInFlight = 0;

	/** Arrival times (ms) within the rate-limit window. */
	private readonly arrivals: number[] = [];

	private readonly server: Server;

	/** `http://127.0.0.1:<port>`, set once listening. */
	url = '';

	private constructor(handler: Handler) {
		this.server = createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
			void this.handle(handler, request, response);
		});
	}

	/** Listens on 127.0.0.1:`port`; 0 (the default) picks a free port. */
	static async start(handler: Handler, port = 0): Promise<Sandbox> {
		const sandbox = new Sandbox(handler);
		await new Promise<void>((resolve, reject) => {
			sandbox.server.once('error', reject);
			sandbox.server.listen(port, '127.0.0.1', resolve);
		});
		sandbox.url = `http://127.0.0.1:${(sandbox.server.address() as AddressInfo).port}`;
		return sandbox;
	}

	/** Queues faults applied, in order, to the next requests. */
	inject(...faults: Fault[]): void {
		this.faults.push(...faults);
	}

	/** Requests that could change state (anything but GET). */
	get writes(): RecordedRequest[] {
		return this.requests.filter((request) => request.method !== 'GET');
	}

	private async handle(handler: Handler, request: IncomingMessage, response: ServerResponse) {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		let counted = true;
		const done = () => {
			if (counted) this.inFlight--;
			counted = false;
		};
		response.once('close', done);
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const recorded = record(request, Buffer.concat(chunks).toString('utf8'));
		this.requests.push(recorded);

		const limited = this.overRateLimit();
		if (limited) {
			this.send(response, limited);
			return;
		}
		const fault = this.faults.shift() ?? this.faultFunction?.(recorded);
		const before = fault && 'afterHandler' in fault && fault.afterHandler ? undefined : fault;
		if (before?.kind === 'reset') {
			request.socket.destroy();
			return;
		}
		if (before?.kind === 'delay') await delay(before.ms);
		if (before?.kind === 'reply') {
			this.send(response, before.reply);
			return;
		}
		const handled = await handler(recorded);
		if (fault?.kind === 'reset') {
			request.socket.destroy();
			return;
		}
		this.send(response, fault?.kind === 'reply' ? fault.reply : handled);
	}

	private overRateLimit(): SandboxReply | undefined {
		if (!this.rateLimit) return undefined;
		const { requests, perMilliseconds, reply } = this.rateLimit;
		const now = Date.now();
		while (this.arrivals.length > 0 && this.arrivals[0] <= now - perMilliseconds) this.arrivals.shift();
		if (this.arrivals.length < requests) {
			this.arrivals.push(now);
			return undefined;
		}
		this.rateLimited++;
		const waitMs = this.arrivals[0] + perMilliseconds - now;
		return reply?.(waitMs) ?? {
			status: 429,
			headers: { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) },
			body: { message: 'Too many requests', api_error_code: 'api_request_limit_exceeded' },
		};
	}

	private send(response: ServerResponse, reply: SandboxReply) {
		if (reply.text !== undefined) {
			response.writeHead(reply.status, { 'Content-Type': 'text/html', ...reply.headers });
			response.end(reply.text);
			return;
		}
		const hasBody = reply.body !== undefined && reply.status !== 204;
		response.writeHead(reply.status, {
			...(hasBody ? { 'Content-Type': 'application/json' } : {}),
			...reply.headers,
		});
		response.end(hasBody ? JSON.stringify(reply.body) : undefined);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

/** `Basic base64(key:)`: how ChartMogul and Chargebee expect an API key. */
export function basicKeyOf(headers: RecordedRequest['headers']): string | undefined {
	const value = headers.authorization;
	if (typeof value !== 'string' || !value.startsWith('Basic ')) return undefined;
	const decoded = Buffer.from(value.slice(6), 'base64').toString('utf8');
	return decoded.endsWith(':') ? decoded.slice(0, -1) : undefined;
}

/**
 * What every provider sandbox shares: one recording server whose handler is the provider's
 * `handle`, its address, its request log and its shutdown.
 */
export abstract class ProviderSandbox {
	protected constructor(readonly server: Sandbox) {}

	/**
	 * How the invoice list misbehaves while its next position still advances as asked:
	 * `ignoreOffset` answers every page from the start (HighLevel ignoring `offset`, Chargebee's
	 * `next_offset`s advancing over one page), `overlap` starts every page after the first that
	 * many records early (the list shifted by invoices created while it is read).
	 */
	pagingFault?: { ignoreOffset?: boolean; overlap?: number };

	/** Where the list page asked for at `offset` starts, under `pagingFault`. */
	protected pageStart(offset: number): number {
		if (this.pagingFault?.ignoreOffset) return 0;
		return Math.max(0, offset - (this.pagingFault?.overlap ?? 0));
	}

	/** Starts the server and builds the provider sandbox on it (`port` 0 picks a free port). */
	protected static async listen<T extends ProviderSandbox>(build: (server: Sandbox) => T, port = 0): Promise<T> {
		const holder: { sandbox?: T } = {};
		const server = await Sandbox.start((request) => holder.sandbox!.handle(request), port);
		holder.sandbox = build(server);
		return holder.sandbox;
	}

	protected abstract handle(request: RecordedRequest): SandboxReply | Promise<SandboxReply>;

	get url() {
		return this.server.url;
	}

	get requests() {
		return this.server.requests;
	}

	/** Requests that could change state (anything but GET). */
	get writes() {
		return this.server.writes;
	}

	async close() {
		await this.server.close();
	}
}
