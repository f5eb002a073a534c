import {
	ICredentialsHelper,
	NodeHelpers,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type WorkflowExecuteMode,
	type Workflow,
} from 'n8n-workflow';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * The parts of n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) that a node's
 * requests go through, rebuilt on n8n-workflow's public exports: credential defaults, generic
 * and function `authenticate`, `preAuthentication` of expirable fields with write-back, and
 * parent types for OAuth2. Credentials live in memory instead of a database.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** How often each credential type's `preAuthentication` ran (e.g. tokens minted). */
	readonly preAuthenticationCalls = new Map<string, number>();

	constructor(
		private readonly types: Map<string, ICredentialType>,
		private readonly store: Map<string, StoredCredential>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Workflow and node are required for generic authentication');
			requestOptions.headers ??= {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const target = requestOptions as unknown as Record<string, Record<string, string>>;
					target[outerKey] ??= {};
					target[outerKey][this.resolve(key, credentials, workflow, node)] = this.resolve(
						value,
						credentials,
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions;
	}

	private resolve(value: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode) {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		this.preAuthenticationCalls.set(typeName, (this.preAuthenticationCalls.get(typeName) ?? 0) + 1);
		const output = await type.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details) {
			const stored = this.stored(details, typeName);
			stored.data = { ...stored.data, ...(output as ICredentialDataDecryptedObject) };
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	private stored(details: INodeCredentialsDetails, type: string): StoredCredential {
		const stored = details.id ? this.store.get(details.id) : undefined;
		if (!stored || stored.type !== type) throw new Error(`No stored credential ${details.id} of type ${type}`);
		return stored;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const stored = this.stored(details, type);
		return {
			id: stored.id,
			name: stored.name,
			type: stored.type,
			getData: () => ({ ...stored.data }),
			getDataToSave: () => ({ id: stored.id, name: stored.name, type: stored.type, data: '' }),
			setData: (data: ICredentialDataDecryptedObject) => {
				stored.data = data;
			},
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = { ...this.stored(details, type).data };
		if (raw) return original;
		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;
		if (expressionResolveValues) {
			decrypted = expressionResolveValues.workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				{},
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored(details, type).data = data;
	}

	async updateCredentialsOauthTokenData(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.stored(details, type);
		stored.data = { ...stored.data, oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const definition = this.type(type);
		if (!definition.extends) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...definition.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', required: false, default: {} },
				];
			}
			return definition.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of definition.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, definition.properties);
		return combined;
	}
}
