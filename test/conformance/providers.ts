/**
 * The conformance of every served provider (test/sandbox/served), plus the test-only example
 * provider that shows a fifth provider is a matter of filling a folder.
 */
import { HighLevelSandbox } from '../sandbox/highlevel';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { ChartMogulSandbox } from '../sandbox/chartmogul';
import { FatoraSandbox } from '../sandbox/fatora';
import { SERVED } from '../sandbox/served';
import { example } from '../example/conformance';
import { conformance, type AnyConformance } from './types';

const CHARGEBEE_SANDBOX_ONLY = 'conf_cb_key_71f0';
const CHARTMOGUL_SANDBOX_ONLY = 'conf_cm_key_2e9a';
const HIGHLEVEL_SANDBOX_ONLY = 'pit-conformance-5a1b9c7d';
const highLevelLocation = 'loc_conformance';
const FATORA_SANDBOX_ONLY = 'conf_fat_key_8d3c';
/** HighLevel scopes reads and deletes by location in the query; the id stays in the path. */
const scope = { altId: highLevelLocation, altType: 'location' };
const spoiled = (secret: string, wrongKey?: boolean) => (wrongKey ? `${secret}-wrong` : secret);

const BY_PROVIDER: Record<string, AnyConformance> = {
	chargebee: conformance<ChargebeeSandbox>({
		displayName: 'Chargebee',
		node: 'chargebee',
		start: async () => await ChargebeeSandbox.start(CHARGEBEE_SANDBOX_ONLY),
		close: async (sandbox) => await sandbox.close(),
		reset: (sandbox) => {
			sandbox.invoices.clear();
			sandbox.requests.length = 0;
		},
		credentials: (sandbox, overrides = {}) => ({
			invoiceOpsChargebeeApi: { site: 'acme-test', apiKey: spoiled(CHARGEBEE_SANDBOX_ONLY, overrides.wrongKey), baseUrl: overrides.baseUrl ?? sandbox.url },
		}),
		secrets: () => [CHARGEBEE_SANDBOX_ONLY],
		addInvoice: (sandbox, id) => sandbox.addInvoice({ id }),
		requests: (sandbox) => sandbox.requests,
		invoiceRequests: (sandbox) => sandbox.requests,
		operations: {
			delete: (id) => [{ method: 'POST', segments: ['api', 'v2', 'invoices', id, 'delete'], query: {} }],
			void: (id) => [{ method: 'POST', segments: ['api', 'v2', 'invoices', id, 'void'], query: {} }],
			writeOff: (id) => [{ method: 'POST', segments: ['api', 'v2', 'invoices', id, 'write_off'], query: {} }],
			get: (id) => [{ method: 'GET', segments: ['api', 'v2', 'invoices', id], query: {} }],
		},
		writes: ['delete', 'void', 'writeOff'],
	}),
	chartMogul: conformance<ChartMogulSandbox>({
		displayName: 'ChartMogul',
		node: 'chartMogul',
		start: async () => await ChartMogulSandbox.start(CHARTMOGUL_SANDBOX_ONLY),
		close: async (sandbox) => await sandbox.close(),
		reset: (sandbox) => sandbox.reset(),
		credentials: (sandbox, overrides = {}) => ({
			invoiceOpsChartMogulApi: { apiKey: spoiled(CHARTMOGUL_SANDBOX_ONLY, overrides.wrongKey), baseUrl: overrides.baseUrl ?? sandbox.url },
		}),
		secrets: () => [CHARTMOGUL_SANDBOX_ONLY],
		// The external id is the id too: the status endpoint names the invoice by it. Enable needs
		// a disabled invoice.
		addInvoice: (sandbox, id, operation) =>
			sandbox.addInvoice({ uuid: id, external_id: id, data_source_uuid: 'ds_conformance', disabled: operation === 'enable' }),
		requests: (sandbox) => sandbox.requests,
		invoiceRequests: (sandbox) => sandbox.requests,
		operations: {
			delete: (id) => [{ method: 'DELETE', segments: ['v1', 'invoices', id], query: {} }],
			void: (id) => [
				{ method: 'GET', segments: ['v1', 'invoices', id], query: {} },
				{ method: 'PUT', segments: ['v1', 'data_sources', 'ds_conformance', 'invoices', id, 'status'], query: {} },
			],
			writeOff: (id) => [
				{ method: 'GET', segments: ['v1', 'invoices', id], query: {} },
				{ method: 'PUT', segments: ['v1', 'data_sources', 'ds_conformance', 'invoices', id, 'status'], query: {} },
			],
			disable: (id) => [{ method: 'PATCH', segments: ['v1', 'invoices', id, 'disabled_state'], query: {} }],
			enable: (id) => [{ method: 'PATCH', segments: ['v1', 'invoices', id, 'disabled_state'], query: {} }],
			get: (id) => [{ method: 'GET', segments: ['v1', 'invoices', id], query: {} }],
		},
		writes: ['delete', 'void', 'writeOff', 'disable', 'enable'],
	}),
	highLevel: conformance<HighLevelSandbox>({
		displayName: 'HighLevel',
		node: 'highLevel',
		start: async () => {
			const sandbox = await HighLevelSandbox.start();
			sandbox.tokens.set(HIGHLEVEL_SANDBOX_ONLY, highLevelLocation);
			return sandbox;
		},
		close: async (sandbox) => await sandbox.close(),
		reset: (sandbox) => {
			sandbox.reset();
			sandbox.tokens.set(HIGHLEVEL_SANDBOX_ONLY, highLevelLocation);
		},
		credentials: (sandbox, overrides = {}) => ({
			invoiceOpsHighLevelApi: {
				privateIntegrationToken: spoiled(HIGHLEVEL_SANDBOX_ONLY, overrides.wrongKey),
				locationId: highLevelLocation,
				baseUrl: overrides.baseUrl ?? sandbox.url,
			},
		}),
		secrets: () => [HIGHLEVEL_SANDBOX_ONLY],
		// A draft is deleted rather than voided (the sandbox follows HighLevel's UI).
		addInvoice: (sandbox, id, operation) =>
			sandbox.addInvoice({ _id: id, altId: highLevelLocation, status: operation === 'delete' ? 'draft' : 'sent' }),
		requests: (sandbox) => sandbox.requests,
		invoiceRequests: (sandbox) => sandbox.requests,
		operations: {
			delete: (id) => [{ method: 'DELETE', segments: ['invoices', id], query: scope }],
			void: (id) => [{ method: 'POST', segments: ['invoices', id, 'void'], query: {} }],
			get: (id) => [{ method: 'GET', segments: ['invoices', id], query: scope }],
		},
		writes: ['delete', 'void'],
		moreResources: [
			{
				resource: 'invoiceSchedule',
				idParameter: 'scheduleId',
				idDisplayName: 'Schedule ID',
				noun: 'invoice schedule',
				addRecord: (sandbox, id) => sandbox.addSchedule({ _id: id, altId: highLevelLocation, status: 'active' }),
				operations: {
					cancel: (id) => [{ method: 'POST', segments: ['invoices', 'schedule', id, 'cancel'], query: {} }],
					delete: (id) => [{ method: 'DELETE', segments: ['invoices', 'schedule', id], query: scope }],
					get: (id) => [{ method: 'GET', segments: ['invoices', 'schedule', id], query: scope }],
				},
				writes: ['cancel', 'delete'],
			},
		],
	}),
	fatora: conformance<FatoraSandbox>({
		displayName: 'Fatora',
		node: 'fatora',
		start: async () => await FatoraSandbox.start(FATORA_SANDBOX_ONLY),
		close: async (sandbox) => await sandbox.close(),
		reset: (sandbox) => sandbox.reset(),
		credentials: (sandbox, overrides = {}) => ({
			invoiceOpsFatoraApi: { apiKey: spoiled(FATORA_SANDBOX_ONLY, overrides.wrongKey), baseUrl: overrides.baseUrl ?? sandbox.url },
		}),
		// The bearer tokens the sandbox minted are secrets too.
		secrets: (sandbox) => [FATORA_SANDBOX_ONLY, ...sandbox.issuedTokens],
		addInvoice: (sandbox, id) => sandbox.addInvoice({ id }),
		requests: (sandbox) => sandbox.requests,
		invoiceRequests: (sandbox) => sandbox.invoiceRequests,
		operations: {
			delete: (id) => [{ method: 'DELETE', segments: ['v1', 'invoices', id], query: {} }],
			get: (id) => [{ method: 'GET', segments: ['v1', 'invoices', id], query: {} }],
		},
		writes: ['delete'],
	}),
};

/** Every provider the suite checks: each served one (none may be missing), then the example. */
export const CONFORMING: AnyConformance[] = [
	...SERVED.map((served) => {
		const found = BY_PROVIDER[served.name];
		if (!found) throw new Error(`no conformance for served provider ${served.name}: add it to test/conformance/providers.ts`);
		return found;
	}),
	example,
];
