import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../../nodes/shared/transport';
import type { Provider } from '../../../nodes/shared/types';

/** The example provider as data: where it lives, how it encodes and how it says no. */
export const ledgerly: Provider = {
	name: 'ledgerly',
	displayName: 'Ledgerly',
	credentialType: () => 'ledgerlyApi',
	baseUrl: (credentials: ICredentialDataDecryptedObject) => normalizeBaseUrl(String(credentials.baseUrl ?? ''), 'Ledgerly'),
	pathPrefix: ['api'],
	bodyEncoding: 'json',
	defaultConcurrency: 2,
	answeredInvoice: { of: (body) => body, idField: 'id' },
	readError: (body, statusCode) => ({
		reason: String((body as { error?: unknown } | null)?.error ?? `HTTP ${statusCode}`),
		code: statusCode,
	}),
};
