import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { REFUSED_IDS } from '../harness/bad-ids';
import { HighLevelSandbox } from '../sandbox/highlevel';
import { LOCATION, TOKEN, runWithToken } from './setup';

const ENDPOINTS: Array<[string, string[]]> = [
	['void', ['void']],
	['delete', []],
	['get', []],
];

describe('HighLevel invoice ids stay on their own endpoint', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	// Every hostile id on every endpoint: test/conformance.

	for (const [label, id, message] of REFUSED_IDS) {
		it(`refuses ${label} before any request, for every operation`, async () => {
			for (const [operation] of ENDPOINTS) {
				const result = await runWithToken(sandbox, { operation, invoiceId: '={{ $json.id }}' }, { items: [{ id }] });
				assert.match(result.error!.message, message, operation);
			}
			assert.equal(sandbox.requests.length, 0);
		});
	}

	it('lets n8n refuse a literal empty id (a required parameter) before any request', async () => {
		await assert.rejects(runWithToken(sandbox, { operation: 'void', invoiceId: '' }), /Parameter "Invoice ID" is required/);
		assert.equal(sandbox.requests.length, 0);
	});

	it('keeps a hostile Location ID inside the query and the JSON body', async () => {
		const hostile = `${LOCATION}&altType=company#x`;
		sandbox.tokens.set(TOKEN, hostile);
		sandbox.addInvoice({ _id: 'inv_1', altId: hostile });
		const get = await runWithToken(sandbox, { operation: 'get', invoiceId: 'inv_1', altId: hostile });
		const voided = await runWithToken(sandbox, { operation: 'void', invoiceId: 'inv_1', altId: hostile });

		assert.equal(get.error, undefined);
		assert.equal(voided.error, undefined);
		assert.deepEqual(sandbox.requests[0].query, { altId: hostile, altType: 'location' });
		assert.deepEqual(sandbox.requests[1].body, { altId: hostile, altType: 'location' });
	});
});
