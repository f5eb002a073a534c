/**
 * A provider sandbox as `npm run dev` and the end-to-end suite use it: started on a fixed port,
 * seeded with invoices in every status, with the credential that reaches it, an example workflow
 * node, and the end-to-end cases that run against it through real n8n.
 */

/** What the end-to-end suite knows about one item n8n returned. */
export type OutputItem = Record<string, unknown>;

export interface E2eCase<S> {
	title: string;
	/** The node's parameters (resource, operation, invoiceId, options, ...). */
	parameters: Record<string, unknown>;
	/**
	 * The node's version. Default 1: the plain-string parameters of every workflow saved before
	 * version 2; version 2 cases hold picked values (`{__rl: true, mode: 'list', value}`).
	 */
	typeVersion?: number;
	/** The node's "On Error" setting; `continueRegularOutput` turns a failure into an error item. */
	onError?: 'stopWorkflow' | 'continueRegularOutput';
	/** Fields the single output item must have (compared one by one). */
	expect?: Record<string, unknown>;
	/** For a case expected to stop the workflow: text the execution's error must contain. */
	expectFailure?: string;
	/** Checks on the sandbox's state after the run (and on the whole item when needed). */
	check?: (sandbox: S, item: OutputItem | undefined) => void;
}

/**
 * Two nodes of the provider in a row, the first feeding the second (Get Many -> Void with Dry
 * Run): a workflow users build, run through real n8n.
 */
export interface E2eChain<S> {
	title: string;
	/** Parameters of the first node (Get Many). */
	first: Record<string, unknown>;
	/** Parameters of the second node, reading the first one's items (`{{ $json.id }}`). */
	second: Record<string, unknown>;
	/** Checks on the second node's output items and on the sandbox after the run. */
	check: (sandbox: S, items: OutputItem[]) => void;
}

export interface ServedProvider<S> {
	/** The node's name (`n8n-nodes-invoice-ops.<name>`) and the provider's key in outputs. */
	name: string;
	displayName: string;
	/** Fixed loopback port for `npm run dev`; `SANDBOX_PORT_<NAME>` overrides it. */
	port: number;
	/** Starts the sandbox on 127.0.0.1:`port` (0 = any free port), seeded. */
	start(port: number): Promise<S>;
	url(sandbox: S): string;
	close(sandbox: S): Promise<void>;
	/** A JSON view of the sandbox's invoices, for people and tests. */
	state(sandbox: S): unknown;
	/** The credential (type and data) that points the node at this sandbox. */
	credential(url: string): { type: string; data: Record<string, unknown> };
	/** Parameters of the node in the example workflow `npm run dev` imports. */
	example: Record<string, unknown>;
	cases: Array<E2eCase<S>>;
	/** Two-node workflows (also imported as examples by `npm run dev`). */
	chains?: Array<E2eChain<S>>;
}

/** A served provider with its sandbox type erased, so providers of different types share one list. */
export type AnyServedProvider = ServedProvider<unknown>;

export function served<S>(provider: ServedProvider<S>): AnyServedProvider {
	// Safe: every function of `provider` is only ever handed sandboxes its own `start` returned.
	return provider as unknown as AnyServedProvider;
}
