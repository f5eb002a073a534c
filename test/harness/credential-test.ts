import {
	NodeConnectionTypes,
	Workflow,
	type INodeType,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestOptions,
	type INode,
	type INodeTypes,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentials-helper';
import { credentialTypes } from './package';

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
	/** The request as sent (after authenticate), for assertions. */
	request: IHttpRequestOptions;
}

// n8n tests credentials on a mock No Op node; this is its minimal type.
const noOp: INodeType = {
	description: {
		displayName: 'No Op',
		name: 'noOp',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'No Op' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
};
const noOpNodeTypes: INodeTypes = {
	getByName: () => noOp,
	getByNameAndVersion: () => noOp,
	getKnownTypes: () => ({}),
};

/**
 * A credential's declarative `test` request as n8n would send it: expressions resolved against
 * `$credentials` and the credential's `authenticate` applied. Sends nothing.
 */
export async function credentialTestRequest(
	typeName: string,
	data: ICredentialDataDecryptedObject,
	extraTypes: ICredentialType[] = [],
): Promise<{ request: IHttpRequestOptions; type: ICredentialType }> {
	const types = new Map([...credentialTypes(), ...extraTypes].map((type) => [type.name, type]));
	const type = types.get(typeName);
	if (!type?.test?.request) throw new Error(`${typeName} has no test request`);
	const store = new Map<string, StoredCredential>([['c', { id: 'c', name: 'c', type: typeName, data }]]);
	const helper = new TestCredentialsHelper(types, store);
	const node: INode = {
		id: 'credential-test',
		name: 'Credential test',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: noOpNodeTypes });
	const credentials = { ...data };
	const resolve = <T>(value: T): T =>
		workflow.expression.getSimpleParameterValue(node, value as never, 'internal', { $credentials: credentials }) as T;

	const { request: declared } = type.test;
	const request: IHttpRequestOptions = {
		method: declared.method ?? 'GET',
		url: `${String(resolve(declared.baseURL ?? '')).replace(/\/+$/, '')}${String(resolve(declared.url ?? ''))}`,
		qs: resolve(declared.qs) as IHttpRequestOptions['qs'],
		headers: resolve(declared.headers) as IHttpRequestOptions['headers'],
		...(declared.disableFollowRedirect === undefined ? {} : { disableFollowRedirect: declared.disableFollowRedirect }),
	};
	return { request: await helper.authenticate(credentials, typeName, request, workflow, node), type };
}

/**
 * Runs a credential's declarative `test` the way n8n's credential tester does for a request:
 * the request of `credentialTestRequest` is sent, and the first `responseCode` rule matching
 * the answer becomes the message.
 */
export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
	extraTypes: ICredentialType[] = [],
): Promise<CredentialTestOutcome> {
	const { request: authenticated, type } = await credentialTestRequest(typeName, data, extraTypes);
	const url = new URL(authenticated.url);
	for (const [key, value] of Object.entries(authenticated.qs ?? {})) url.searchParams.set(key, String(value));
	const headers = new Headers(authenticated.headers as Record<string, string>);
	if (authenticated.auth) {
		const { username, password } = authenticated.auth;
		headers.set('authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
	}
	const response = await fetch(url, {
		method: authenticated.method,
		headers,
		redirect: authenticated.disableFollowRedirect ? 'manual' : 'follow',
	});
	if (response.ok) return { status: 'OK', message: 'Connection tested successfully', request: authenticated };
	const rule = type.test?.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status,
	);
	return {
		status: 'Error',
		message: rule && 'message' in rule.properties ? rule.properties.message : `HTTP ${response.status}`,
		request: authenticated,
	};
}
