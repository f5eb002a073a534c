import { assert } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import { assertNoSecret } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';

describe('Chargebee: no secret in any output, error or description', () => {
	let sandbox: ChargebeeSandbox;
	let closedPortUrl: string;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
		const closed = await ChargebeeSandbox.start();
		closedPortUrl = closed.url;
		await closed.close();
	});
	after(async () => await sandbox.close());

	const scenarios: Array<[string, Record<string, unknown>, (key: string) => Record<string, string>]> = [
		['a successful void', { operation: 'void', invoiceId: 'inv_ok' }, () => ({})],
		['a refused write off', { operation: 'writeOff', invoiceId: 'inv_voided' }, () => ({})],
		['an unknown invoice', { operation: 'get', invoiceId: 'nope' }, () => ({})],
		['a wrong key', { operation: 'delete', invoiceId: 'inv_ok2' }, (key) => ({ apiKey: `${key}-wrong` })],
		['an unreachable host', { operation: 'void', invoiceId: 'inv_ok3' }, () => ({ baseUrl: closedPortUrl })],
	];

	for (const [name, parameters, credentialOverrides] of scenarios) {
		for (const continueOnFail of [false, true]) {
			it(`${name}${continueOnFail ? ' (Continue On Fail)' : ''}`, async () => {
				sandbox.addInvoice({ id: 'inv_ok' });
				sandbox.addInvoice({ id: 'inv_ok2' });
				sandbox.addInvoice({ id: 'inv_ok3' });
				sandbox.addInvoice({ id: 'inv_voided', status: 'voided' });
				const overrides = credentialOverrides(sandbox.apiKey);
				const result = await runNode({
					node: 'chargebee',
					parameters: { resource: 'invoice', ...parameters } as never,
					credentials: { invoiceOpsChargebeeApi: sandbox.credentials(overrides) },
					continueOnFail,
				});

				assert.ok(result.items.length > 0 || result.error, 'the run produced an item or an error');
				assertNoSecret(result, sandbox.apiKey);
				if (overrides.apiKey) assertNoSecret(result, overrides.apiKey);
			});
		}
	}

	it('names an unreachable provider as such', async () => {
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_ok3' },
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials({ baseUrl: closedPortUrl }) },
		});
		assert.match(result.error!.message, /^Chargebee could not be reached to void invoice "inv_ok3": ECONNREFUSED/);
	});
});
