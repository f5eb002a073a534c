import { assert } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import { assertNoSecret } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChartMogulSandbox } from '../sandbox/chartmogul';

describe('ChartMogul: no secret in any output, error or description', () => {
	let sandbox: ChartMogulSandbox;
	let closedPortUrl: string;

	before(async () => {
		sandbox = await ChartMogulSandbox.start();
		const closed = await ChartMogulSandbox.start();
		closedPortUrl = closed.url;
		await closed.close();
	});
	after(async () => await sandbox.close());

	const byExternalId = { invoiceIdType: 'externalId', dataSourceUuid: 'ds_chargebee' };
	const scenarios: Array<[string, Record<string, unknown>, (key: string) => Record<string, string>]> = [
		['a successful void by UUID (lookup + status change)', { operation: 'void', invoiceId: 'inv_ok' }, () => ({})],
		['a successful delete by external ID', { operation: 'delete', invoiceId: 'ext_inv_ok2', ...byExternalId }, () => ({})],
		['an unknown invoice', { operation: 'get', invoiceId: 'nope' }, () => ({})],
		['an unknown external ID', { operation: 'get', invoiceId: 'nope', ...byExternalId }, () => ({})],
		['an unknown customer', { operation: 'deleteAllForCustomer', dataSourceUuid: 'ds_chargebee', customerUuid: 'cus_x' }, () => ({})],
		['a wrong key', { operation: 'writeOff', invoiceId: 'inv_ok3' }, (key) => ({ apiKey: `${key}-wrong` })],
		['an unreachable host', { operation: 'void', invoiceId: 'inv_ok3' }, () => ({ baseUrl: closedPortUrl })],
	];

	for (const [name, parameters, credentialOverrides] of scenarios) {
		for (const continueOnFail of [false, true]) {
			it(`${name}${continueOnFail ? ' (Continue On Fail)' : ''}`, async () => {
				sandbox.reset();
				for (const uuid of ['inv_ok', 'inv_ok2', 'inv_ok3']) sandbox.addInvoice({ uuid });
				const overrides = credentialOverrides(sandbox.apiKey);
				const result = await runNode({
					node: 'chartMogul',
					parameters: { resource: 'invoice', ...parameters } as never,
					credentials: { invoiceOpsChartMogulApi: sandbox.credentials(overrides) },
					continueOnFail,
				});

				assert.ok(result.items.length > 0 || result.error, 'the run produced an item or an error');
				assert.ok(sandbox.requests.length > 0 || overrides.baseUrl, 'a request was made');
				assertNoSecret(result, sandbox.apiKey);
				if (overrides.apiKey) assertNoSecret(result, overrides.apiKey);
			});
		}
	}

	it('names an unreachable provider as such', async () => {
		const result = await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_ok3' },
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials({ baseUrl: closedPortUrl }) },
		});
		assert.match(result.error!.message, /^ChartMogul could not be reached to void invoice "inv_ok3": ECONNREFUSED/);
	});

	it('refuses a base URL with a path, before any request', async () => {
		sandbox.reset();
		const result = await runNode({
			node: 'chartMogul',
			parameters: { resource: 'invoice', operation: 'get', invoiceId: 'inv_1' },
			credentials: { invoiceOpsChartMogulApi: sandbox.credentials({ baseUrl: `${sandbox.url}/v1` }) },
		});
		assert.match(result.error!.message, /ChartMogul credential's Base URL must be a scheme and host only/);
		assert.equal(sandbox.requests.length, 0);
	});
});
