import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { RemainingQuota } from './budget';
import type { ProviderHints } from './hints';
import type { UrlForm } from './locator';
import type { InvoiceOpsApiError } from './transport';

/** Contract outcomes (see README, "Output"). */
export type Outcome =
	| 'deleted'
	| 'voided'
	| 'written_off'
	| 'disabled'
	| 'enabled'
	| 'cancelled'
	| 'fetched'
	| 'would_delete'
	| 'would_void'
	| 'would_write_off'
	| 'would_disable'
	| 'would_enable'
	| 'would_cancel'
	| 'would_fail'
	| 'already_deleted'
	| 'already_voided'
	| 'already_written_off'
	| 'already_disabled'
	| 'already_enabled'
	| 'already_cancelled'
	| 'failed';

/**
 * What a node's operations act on (a value of its \`resource\` parameter), as data: the shared
 * code names the records, their id parameter and the output field from it (resources.ts has the
 * invoice; HighLevel adds its recurring invoice schedules).
 */
export interface Resource {
	/** The \`resource\` parameter value (\`invoice\`, \`invoiceSchedule\`). */
	value: string;
	/** Its entry in the Resource list. */
	displayName: string;
	/** The parameter that names one record, also the output item's field for it (\`invoiceId\`, \`scheduleId\`). */
	idParameter: string;
	/** The parameter's display name, as messages name it (\`Invoice ID\`). */
	idDisplayName: string;
	idPlaceholder: string;
	/** Singular and plural, as messages and run hints name the records. */
	noun: readonly [string, string];
	/** The singular with its article (\`an invoice\`), as the Actions list names one record. */
	one: string;
}

/**
 * Every n8n context the package sends requests from: a node's run, a trigger's activation hooks
 * and its deliveries, the editor's list and option methods. All of them go through `Transport`.
 */
export type RequestContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions;

/** What a provider's error body says, reduced to what a user can act on. */
export interface ProviderErrorDetail {
	reason: string;
	code?: string | number;
}

/**
 * Everything that differs between providers at the HTTP level. The transport reads only this:
 * a new provider is new data, not new control flow.
 */
export interface Provider {
	/** The node's name (`chargebee`), also the `provider` of every output item. */
	name: string;
	displayName: string;
	/** Credential type used for the item (HighLevel picks between a token and OAuth2). */
	credentialType(context: RequestContext, itemIndex: number): string;
	/** Scheme + host (+ port) from the credential, without a trailing slash. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** Literal path segments every request starts with, e.g. `['api', 'v2']`. */
	pathPrefix: string[];
	bodyEncoding: 'form' | 'json';
	/** Items in flight at once when the user sets nothing. */
	defaultConcurrency: number;
	/** Headers every request carries (HighLevel's `Version`). */
	headers?: Record<string, string>;
	/**
	 * Statuses n8n's authenticated helper must see as errors so that it re-runs
	 * `preAuthentication` and retries once (Fatora's expired bearer token).
	 */
	refreshCredentialOn?: number[];
	readError(body: unknown, statusCode: number): ProviderErrorDetail;
	/**
	 * Where a write's answer holds the invoice it acted on, and its id field (Chargebee
	 * `{invoice: {id}}`, HighLevel the invoice itself with `_id`): `confirmInvoice` in rules.ts
	 * reports a change only when the answer is about this invoice.
	 */
	answeredInvoice?: { of(body: unknown): unknown; idField: string };
	/**
	 * The pace the node keeps when the user sets no Max Requests per Second: at most `requests`
	 * in any `perMilliseconds` (ChartMogul `{requests: 40, perMilliseconds: 1000}`, HighLevel
	 * `{requests: 100, perMilliseconds: 10_000}`). Absent: no pacing unless the user sets one.
	 */
	rateLimit?: RateLimit;
	/**
	 * Requests the provider allows in flight at once per account (ChartMogul: 20 parallel
	 * connections, past which it answers 503), kept across every execution of the process that
	 * shares the account's budget (budget.ts). Absent: none documented.
	 */
	maxInFlight?: number;
	/**
	 * What the provider's headers say is left of its current window (HighLevel's
	 * `X-RateLimit-Remaining` and `X-RateLimit-Interval-Milliseconds`): the budget paces to it.
	 */
	remainingQuota?(headers: Record<string, unknown>): RemainingQuota | undefined;
	/**
	 * How long (ms) the provider asks to wait before the next attempt, read from the headers of a
	 * 429 / 503 answer. Absent: the standard `Retry-After` (`retryAfterOf` in retry.ts).
	 * HighLevel: `(headers) => retryAfterOf(headers) ?? millisecondsHeader(headers, 'x-ratelimit-interval-milliseconds')`.
	 */
	retryAfter?(headers: Record<string, unknown>): number | undefined;
	/**
	 * A message when the answer says that no retry can succeed today (HighLevel's
	 * `X-RateLimit-Daily-Remaining: 0`): the transport then fails at once with that message.
	 */
	quotaExhausted?(headers: Record<string, unknown>): string | undefined;
	/** What the run hints add for this provider (hints.ts), e.g. ChartMogul's warning after a delete. */
	hints?: ProviderHints;
	/**
	 * The URL form of an invoice in the provider's web app, where it has one with a known form:
	 * node version 2 reads an Invoice ID given By URL with it (locator.ts).
	 */
	invoiceUrl?: UrlForm;
}

/** At most `requests` requests in any `perMilliseconds`. */
export interface RateLimit {
	requests: number;
	perMilliseconds: number;
}

/** One HTTP request as an operation describes it; the transport turns it into a URL. */
export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** Path segments after the provider prefix; each is percent-encoded as exactly one segment. */
	path: string[];
	query?: IDataObject;
	/** A `/` after the last segment, where the provider's path has one (HighLevel's `/invoices/`). */
	trailingSlash?: boolean;
	body?: IDataObject;
	headers?: Record<string, string>;
}

export interface ProviderResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	/** Parsed JSON body; `null` for an empty body (204). */
	body: unknown;
}

/** What one operation hands the shared runner for one item. */
export interface OperationResult {
	/** The provider's parsed body of the decisive call; `null` where it answers 204. */
	response: unknown;
	outcome?: Outcome;
	/** Extra ids worth keeping in the audit record (e.g. ChartMogul's external id). */
	ids?: IDataObject;
	/**
	 * Get Many: the records found, each output as its own item (its `json` the record itself,
	 * paired with the input item); none found, no output. Replaces the audit item.
	 */
	items?: IDataObject[];
	/**
	 * Get Many: records the provider listed more than once and that `items` therefore holds once;
	 * the runner reports the count in the execution hint.
	 */
	repeatsDropped?: number;
}

/** Per-item view given to an operation: parameters, the validated invoice id, and `send`. */
export interface OperationContext {
	readonly provider: Provider;
	/** What the operation acts on (the invoice, or HighLevel's invoice schedule). */
	readonly resource: Resource;
	readonly itemIndex: number;
	/** The validated id of the record the item acts on, read from \`resource.idParameter\`. */
	readonly invoiceId: string;
	readonly options: IDataObject;
	/** A node parameter for this item (expressions resolved). */
	param<T>(name: string, fallback?: T): T;
	/**
	 * A boolean node parameter for this item: `true`/`false`, or that text from an expression;
	 * anything else refuses the item, naming `displayName`.
	 */
	flag(name: string, displayName: string): boolean;
	/** Refuses the item before any request: throws a `NodeOperationError` for this item. */
	refuse(message: string, description?: string): never;
	/**
	 * Sends through the shared transport, retrying what may be retried; a provider error throws
	 * an `InvoiceOpsApiError`.
	 */
	send(request: ProviderRequest): Promise<ProviderResponse>;
	/**
	 * Fails the item unless `understood`: a 2xx that is not the provider's answer about this
	 * invoice (another id, not in the target state) is never reported as a change.
	 */
	confirm(response: ProviderResponse, understood: boolean, what: string): void;
	/**
	 * Claims `value` of `kind` (e.g. an idempotency key) for this item within the execution;
	 * returns the index of the item that claimed it first, or undefined when it is this item's.
	 */
	claim(kind: string, value: string): number | undefined;
	/**
	 * A key that names this item of this execution and nothing else (<= 100 characters, stable
	 * across retries): what an idempotency header carries when the user gives none.
	 */
	readonly itemKey: string;
	/**
	 * The decrypted data of the credential this item uses (cached per execution), for defaults
	 * that live in the credential, like HighLevel's location id. Never put it in an output.
	 */
	credentials(): Promise<ICredentialDataDecryptedObject>;
}

/** Why the runner asks `changeIsMade`. */
export type ChangeQuestion = 'afterLostAnswer' | 'succeedIfAlreadyDone';

export interface InvoiceOperation {
	/** The `operation` parameter value. */
	value: string;
	/** What the operation does, for messages: `void invoice`, `delete all invoices of customer`. */
	action: string;
	/** The entry in the node's Operation list. */
	option: { name: string; description: string; action: string };
	/** Outcome on success, and the basis of the dry-run outcome. */
	outcome: Outcome;
	/** Dry-run outcome (`would_*`); absent for reads, which a dry run performs as usual. */
	dryRunOutcome?: Outcome;
	/** What the operation acts on; absent: the invoice (resources.ts). */
	resource?: Resource;
	/** Whether the operation acts on one record id of its resource (false for lists and bulk operations). */
	usesInvoiceId: boolean;
	/** A write that another operation undoes (ChartMogul Disable / Enable): not listed as irreversible. */
	reversible?: boolean;
	/** What one item of the operation is about, singular and plural, for the run hint (default invoice). */
	counted?: readonly [string, string];
	/** The operation's own fields (without `displayOptions`; the node adds them). */
	properties: INodeProperties[];
	/** The id the action is about when it is not the invoice id (e.g. a customer). */
	target?(context: OperationContext): string;
	/**
	 * Checks that must pass before any request (a dry run included); throw `NodeOperationError`
	 * naming the parameter. May be async to read the credential.
	 */
	validate?(context: OperationContext): void | Promise<void>;
	execute(context: OperationContext): Promise<OperationResult>;
	/**
	 * Dry Run: read the invoice (GET only, never a change) and judge this operation by the
	 * provider's documented rules. Absent: a dry run sends nothing and reports `dryRunOutcome`.
	 */
	predict?(context: OperationContext): Promise<Prediction>;
	/**
	 * Whether the change this operation makes is already made, asked after a refusal `error`, in
	 * two cases (`asked`): `afterLostAnswer`, when an earlier attempt of the same request may have
	 * been applied although its answer was lost (then the item succeeds with the operation's
	 * outcome), and `succeedIfAlreadyDone`, the option (then `already_*`). Answer true only on
	 * proof: a read (through `context.send`, counted as an attempt) showing the invoice deleted or
	 * in the target state, never the error alone, since a 404 is also what an id that never existed
	 * gets. Absent where the provider cannot prove it: the error stands, and after a lost answer it
	 * says that the earlier attempt may have made the change and nothing could confirm it.
	 */
	changeIsMade?(error: InvoiceOpsApiError, context: OperationContext, asked: ChangeQuestion): boolean | Promise<boolean>;
}

/** What a dry run found: the invoice as read, and whether the operation would go through. */
export interface Prediction {
	/** The provider's answer to the read (its parsed body). */
	invoice: unknown;
	/** Whether the provider's documented rules allow the operation on the invoice as read. */
	allowed: boolean;
	/** Why not, in the provider's terms (status, payments...), when not allowed. */
	reason?: string;
	/** The change is already made (invoice deleted / already in the target state). */
	alreadyDone?: boolean;
	/** Extra ids learnt by the read (e.g. ChartMogul's external id). */
	ids?: IDataObject;
	/** What the user should know even when the operation would go through (output as `notice`). */
	notice?: string;
}
