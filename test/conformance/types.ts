import type { ICredentialDataDecryptedObject, ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import type { RecordedRequest } from '../sandbox/server';

/** One request as the conformance checks compare it: method, decoded path segments, query. */
export interface SeenRequest {
	method: string;
	segments: string[];
	query: Record<string, string>;
}

/**
 * What the conformance suite needs to know of one provider: how to start its sandbox, reach it,
 * seed it, and which requests each operation sends for an invoice id. Filling this (and the
 * provider folder it drives) is all a new provider needs for the checks every node must pass.
 */
export interface Conformance<S> {
	/** The node's display name, as messages name the provider. */
	displayName: string;
	/** The node the engine runs: a node name of the package, or the full type of an extra node. */
	node: string;
	extraNodeTypes?: Map<string, INodeType | IVersionedNodeType>;
	extraCredentialTypes?: ICredentialType[];
	start(): Promise<S>;
	close(sandbox: S): Promise<void>;
	/** Forgets every invoice and request (credentials and tokens stay valid). */
	reset(sandbox: S): void;
	/** The node's credentials, pointing at the sandbox; `wrongKey` spoils the secret, `baseUrl` moves it. */
	credentials(sandbox: S, overrides?: { wrongKey?: boolean; baseUrl?: string }): Record<string, ICredentialDataDecryptedObject>;
	/** Every secret the credentials hold: none may show in any output, error or description. */
	secrets(sandbox: S): string[];
	/** Seeds an invoice with `id` that `operation` succeeds on. */
	addInvoice(sandbox: S, id: string, operation: string): void;
	/** Every request the sandbox saw, and those about invoices (without token minting). */
	requests(sandbox: S): RecordedRequest[];
	invoiceRequests(sandbox: S): RecordedRequest[];
	/** Per operation that names one invoice: the requests it sends for `id`, in order. */
	operations: Record<string, (id: string) => SeenRequest[]>;
	/** The operations that change something (Dry Run must send none of their requests). */
	writes: string[];
	/** Resources besides the invoice (HighLevel's invoice schedules), checked the same way. */
	moreResources?: Array<ResourceConformance<S>>;
}

/**
 * A resource besides the invoice: its `resource` value, the parameter and output field that name
 * one record, how messages name it, and (as for invoices) how to seed one and what each operation sends.
 */
export interface ResourceConformance<S> {
	resource: string;
	idParameter: string;
	idDisplayName: string;
	/** As messages name one record: `invoice schedule`. */
	noun: string;
	/** Seeds a record with `id` that `operation` succeeds on. */
	addRecord(sandbox: S, id: string, operation: string): void;
	operations: Record<string, (id: string) => SeenRequest[]>;
	writes: string[];
}

/** A provider's conformance with its sandbox type erased, so providers of different types share one list. */
export type AnyConformance = Conformance<unknown>;

export const conformance = <S>(provider: Conformance<S>): AnyConformance => provider as unknown as AnyConformance;
