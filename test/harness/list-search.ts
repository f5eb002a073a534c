import { LoadOptionsContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type INode,
	type INodeListSearchResult,
	type INodeParameters,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentials-helper';
import { PackageNodeTypes } from './engine';
import { credentialTypes, nodeTypes, PACKAGE } from './package';

export interface ListSearchOptions {
	/** The node's `name` in the package, e.g. `chartMogul`. */
	node: string;
	/** The `methods.listSearch` key, e.g. `searchInvoices`. */
	method: string;
	/** The parameters the editor holds for the node while the list is opened. */
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** What the user typed in the list's search box. */
	filter?: string;
	/** The token of the previous page, for the next one. */
	paginationToken?: string;
	/** Default 2: the version with the pickers. */
	typeVersion?: number;
}

/**
 * Opens one of the package's pickers as n8n's editor does: the node's `listSearch` method called
 * in n8n-core's real `LoadOptionsContext`, with the credential served by the test credentials
 * helper (which applies the credential's `authenticate` as n8n does).
 */
export async function listSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const types = new Map<string, ICredentialType>(credentialTypes().map((type) => [type.name, type]));
	const store = new Map<string, StoredCredential>();
	const nodeCredentials: INode['credentials'] = {};
	for (const [type, data] of Object.entries(options.credentials)) {
		const id = `cred-${type}`;
		store.set(id, { id, name: `${type} (test)`, type, data: { ...data } });
		nodeCredentials[type] = { id, name: `${type} (test)` };
	}
	const allNodeTypes = nodeTypes();
	const node: INode = {
		id: 'node-in-editor',
		name: 'Invoice Ops',
		type: `${PACKAGE}.${options.node}`,
		typeVersion: options.typeVersion ?? 2,
		position: [0, 0],
		parameters: options.parameters,
		credentials: nodeCredentials,
	};
	const packageTypes = new PackageNodeTypes(allNodeTypes);
	const workflow = new Workflow({
		id: 'wf-list-search',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: packageTypes,
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(types, store),
		currentNodeParameters: options.parameters,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${options.method}`);
	const nodeType = packageTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new Error(`${options.node} has no listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}
