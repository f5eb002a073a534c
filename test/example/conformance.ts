import { conformance } from '../conformance/types';
import { Ledgerly } from './Ledgerly/LedgerlyNode';
import { LedgerlyApi } from './ledgerlyCredential';
import { LedgerlySandbox } from './sandbox';

const SANDBOX_ONLY = 'ledgerly_example_key_5150';

/** The example provider's conformance: its folder's data and its sandbox, nothing else. */
export const example = conformance<LedgerlySandbox>({
	displayName: 'Ledgerly',
	node: 'test.ledgerly',
	extraNodeTypes: new Map([['test.ledgerly', new Ledgerly()]]),
	extraCredentialTypes: [new LedgerlyApi()],
	start: async () => await LedgerlySandbox.start(SANDBOX_ONLY),
	close: async (sandbox) => await sandbox.close(),
	reset: (sandbox) => sandbox.reset(),
	credentials: (sandbox, overrides = {}) => ({
		ledgerlyApi: { apiKey: overrides.wrongKey ? `${SANDBOX_ONLY}-wrong` : SANDBOX_ONLY, baseUrl: overrides.baseUrl ?? sandbox.url },
	}),
	secrets: () => [SANDBOX_ONLY],
	addInvoice: (sandbox, id) => sandbox.invoices.set(id, { id, status: 'open' }),
	requests: (sandbox) => sandbox.requests,
	invoiceRequests: (sandbox) => sandbox.requests,
	operations: {
		delete: (id) => [{ method: 'DELETE', segments: ['api', 'invoices', id], query: {} }],
		get: (id) => [{ method: 'GET', segments: ['api', 'invoices', id], query: {} }],
	},
	writes: ['delete'],
});
