import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';

/** The `provider` value of every output item, one per node. */
export type ProviderName = 'chargebee' | 'chartMogul' | 'highLevel' | 'fatora';

/** Contract outcomes (see README, "Output"). */
export type Outcome =
	| 'deleted'
	| 'voided'
	| 'written_off'
	| 'fetched'
	| 'would_delete'
	| 'would_void'
	| 'would_write_off'
	| 'would_fail'
	| 'already_deleted'
	| 'already_voided'
	| 'already_written_off'
	| 'failed';

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
	name: ProviderName;
	displayName: string;
	/** Credential type used for the item (HighLevel picks between a token and OAuth2). */
	credentialType(context: IExecuteFunctions, itemIndex: number): string;
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
}

/** One HTTP request as an operation describes it; the transport turns it into a URL. */
export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** Path segments after the provider prefix; each is percent-encoded as exactly one segment. */
	path: string[];
	query?: IDataObject;
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
}

/** Per-item view given to an operation: parameters, the validated invoice id, and `send`. */
export interface OperationContext {
	readonly provider: Provider;
	readonly itemIndex: number;
	readonly invoiceId: string;
	readonly options: IDataObject;
	/** A node parameter for this item (expressions resolved). */
	param<T>(name: string, fallback?: T): T;
	/** Refuses the item before any request: throws a `NodeOperationError` for this item. */
	refuse(message: string, description?: string): never;
	/** Sends through the shared transport; a provider error throws an `InvoiceOpsApiError`. */
	send(request: ProviderRequest): Promise<ProviderResponse>;
}

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
	/** Whether the operation acts on one invoice id (false for bulk operations). */
	usesInvoiceId: boolean;
	/** The operation's own fields (without `displayOptions`; the node adds them). */
	properties: INodeProperties[];
	/** The id the action is about when it is not the invoice id (e.g. a customer). */
	target?(context: OperationContext): string;
	/** Checks that must pass before any request; throw `NodeOperationError` naming the parameter. */
	validate?(context: OperationContext): void;
	execute(context: OperationContext): Promise<OperationResult>;
}
