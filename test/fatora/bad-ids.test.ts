import { assert, after, before, beforeEach, describe, it } from '../harness/node';

import { HOSTILE_IDS, REFUSED_IDS } from '../harness/bad-ids';
import { runNode } from '../harness/engine';
import { FatoraSandbox } from '../sandbox/fatora';

describe('Fatora: an id never steers a request off its invoice', () => {
	let sandbox: FatoraSandbox;

	before(async () => {
		sandbox = await FatoraSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const run = (operation: string, invoiceId: string) =>
		runNode({
			node: 'fatora',
			parameters: { resource: 'invoice', operation, invoiceId: '={{ $json.id }}' },
			credentials: { invoiceOpsFatoraApi: sandbox.credentials() },
			items: [{ id: invoiceId }],
			continueOnFail: true,
		});

	for (const [label, id] of HOSTILE_IDS) {
		for (const operation of ['delete', 'get']) {
			it(`${operation} with ${label} reaches only /v1/invoices/<that id>`, async () => {
				sandbox.addInvoice({ id });
				const result = await run(operation, id);

				assert.equal(sandbox.invoiceRequests.length, 1);
				const [request] = sandbox.invoiceRequests;
				assert.deepEqual(request.segments, ['v1', 'invoices', id]);
				assert.equal(request.rawPath.split('/').length, 4, 'one path segment per part');
				assert.deepEqual(request.query, {}, 'nothing of the id leaks into the query');
				assert.equal(result.items[0].json.success, true, 'the sandbox found the invoice under that exact id');
				assert.equal(result.items[0].json.invoiceId, id);
				assert.equal(sandbox.invoices.has(id), operation === 'get');
			});
		}
	}

	for (const [label, id, message] of REFUSED_IDS) {
		it(`refuses ${label} before any request, Authorize included`, async () => {
			const result = await run('delete', id);

			assert.equal(sandbox.requests.length, 0);
			assert.equal(result.items[0].json.success, false);
			assert.match((result.items[0].json.error as { message: string }).message, message);
		});
	}
});
