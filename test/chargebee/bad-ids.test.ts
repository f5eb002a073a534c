import { assert, after, before, beforeEach, describe, it } from '../harness/node';

import { HOSTILE_IDS, REFUSED_IDS } from '../harness/bad-ids';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';

describe('Chargebee: an id never steers a request off its invoice', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const run = (operation: string, invoiceId: string) =>
		runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation, invoiceId: '={{ $json.id }}' },
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: [{ id: invoiceId }],
			continueOnFail: true,
		});

	for (const [label, id] of HOSTILE_IDS) {
		for (const [operation, action] of [
			['void', 'void'],
			['delete', 'delete'],
			['writeOff', 'write_off'],
			['get', undefined],
		] as const) {
			it(`${operation} with ${label} reaches only /api/v2/invoices/<that id>${action ? `/${action}` : ''}`, async () => {
				sandbox.addInvoice({ id });
				const result = await run(operation, id);

				assert.equal(sandbox.requests.length, 1);
				const [request] = sandbox.requests;
				assert.deepEqual(request.segments, ['api', 'v2', 'invoices', id, ...(action ? [action] : [])]);
				assert.equal(request.rawPath.split('/').length, action ? 6 : 5, 'one path segment per part');
				assert.deepEqual(request.query, {}, 'nothing of the id leaks into the query');
				assert.equal(result.items[0].json.success, true, 'the sandbox found the invoice under that exact id');
				assert.equal(result.items[0].json.invoiceId, id);
			});
		}
	}

	for (const [label, id, message] of REFUSED_IDS) {
		it(`refuses ${label} before any request`, async () => {
			const result = await run('void', id);

			assert.equal(sandbox.requests.length, 0);
			assert.equal(result.items[0].json.success, false);
			assert.match((result.items[0].json.error as { message: string }).message, message);
		});
	}
});
