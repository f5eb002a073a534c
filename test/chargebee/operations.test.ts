import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { IDataObject } from 'n8n-workflow';

import { assertAuditFields, assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';

describe('Chargebee node in the n8n engine', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', ...parameters } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			...extra,
		});

	it('voids an invoice with comment and reason code, in the contract shape', async () => {
		sandbox.addInvoice({ id: 'inv_1' });
		const result = await run({ operation: 'void', invoiceId: 'inv_1', comment: 'Refunded upstream', voidReasonCode: 'Duplicate' });

		assert.equal(result.error, undefined);
		const [item] = result.items;
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(item.json.provider, 'chargebee');
		assert.equal(item.json.operation, 'void');
		assert.equal(item.json.invoiceId, 'inv_1');
		assert.equal(item.json.success, true);
		assert.equal(item.json.outcome, 'voided');
		assert.equal(item.json.dryRun, false);
		assert.equal(item.json.attempts, 1);
		assertAuditFields(result, item.json);
		assert.equal((item.json.response as { invoice: { status: string } }).invoice.status, 'voided');

		assert.equal(sandbox.invoices.get('inv_1')!.status, 'voided');
		assert.equal(sandbox.invoices.get('inv_1')!.void_reason_code, 'Duplicate');
		const [request] = sandbox.requests;
		assert.equal(request.method, 'POST');
		assert.equal(request.rawPath, '/api/v2/invoices/inv_1/void');
		assert.match(String(request.headers['content-type']), /application\/x-www-form-urlencoded/);
		assert.deepEqual(request.body, { comment: 'Refunded upstream', void_reason_code: 'Duplicate' });
	});

	it('deletes an invoice, sending claim_credits only when it is on', async () => {
		sandbox.addInvoice({ id: 'inv_a' });
		sandbox.addInvoice({ id: 'inv_b' });
		const plain = await run({ operation: 'delete', invoiceId: 'inv_a' });
		const claiming = await run({ operation: 'delete', invoiceId: 'inv_b', claimCredits: true, comment: 'Created twice' });

		assert.equal(plain.items[0].json.outcome, 'deleted');
		assert.equal(claiming.items[0].json.outcome, 'deleted');
		assert.deepEqual(sandbox.requests[0].body, {});
		assert.deepEqual(sandbox.requests[1].body, { comment: 'Created twice', claim_credits: 'true' });
		assert.equal(sandbox.invoices.get('inv_a')!.deleted, true);
		assert.equal((claiming.items[0].json.response as { invoice: { deleted: boolean } }).invoice.deleted, true);
	});

	it('writes off an invoice and returns the credit note', async () => {
		sandbox.addInvoice({ id: 'inv_w', amount_due: 4200 });
		const result = await run({ operation: 'writeOff', invoiceId: 'inv_w', comment: 'Uncollectable' });

		assert.equal(result.items[0].json.outcome, 'written_off');
		const response = result.items[0].json.response as { invoice: { status: string }; credit_note: { total: number } };
		assert.equal(response.invoice.status, 'paid');
		assert.equal(response.credit_note.total, 4200);
		assert.equal(sandbox.requests[0].rawPath, '/api/v2/invoices/inv_w/write_off');
		assert.deepEqual(sandbox.requests[0].body, { comment: 'Uncollectable' });
	});

	it('gets an invoice', async () => {
		sandbox.addInvoice({ id: 'inv_g', status: 'paid' });
		const result = await run({ operation: 'get', invoiceId: 'inv_g' });

		assert.equal(result.items[0].json.outcome, 'fetched');
		assert.equal((result.items[0].json.response as { invoice: { status: string } }).invoice.status, 'paid');
		assert.equal(sandbox.requests[0].method, 'GET');
		assert.equal(sandbox.requests[0].rawPath, '/api/v2/invoices/inv_g');
	});

	it('reads the invoice id from each item through an expression', async () => {
		sandbox.addInvoice({ id: 'inv_x1' });
		const result = await run(
			{ operation: 'void', invoiceId: '={{ $json.content.invoice.id }}' },
			{ items: [{ content: { invoice: { id: 'inv_x1' } } }] },
		);
		assert.equal(result.error, undefined);
		assert.equal(result.items[0].json.invoiceId, 'inv_x1');
		assert.equal(sandbox.invoices.get('inv_x1')!.status, 'voided');
	});

	const refusals: Array<[string, Parameters<ChargebeeSandbox['addInvoice']>[0], string, RegExp]> = [
		['void of a paid invoice', { id: 'inv_r1', status: 'paid', amount_paid: 10000, amount_due: 0 }, 'void', /invalid_state_for_request/],
		['void of an invoice with payments', { id: 'inv_r2', amount_paid: 500, amount_due: 9500 }, 'void', /payments or adjustments/],
		['void of a voided invoice', { id: 'inv_r3', status: 'voided' }, 'void', /Invoice is in voided state/],
		['delete of an invoice with payments', { id: 'inv_r4', linked_payments: [{ txn_id: 'txn_1', txn_status: 'success' }] }, 'delete', /invalid_state_for_request/],
		['delete of an invoice with adjustments', { id: 'inv_r5', amount_adjusted: 300 }, 'delete', /payments or adjustments/],
		['write off of a voided invoice', { id: 'inv_r6', status: 'voided' }, 'writeOff', /written off/],
		['write off of a pending invoice', { id: 'inv_r7', status: 'pending' }, 'writeOff', /Invoice is in pending state/],
	];
	for (const [name, invoice, operation, reason] of refusals) {
		it(`fails clearly on ${name}, naming provider, invoice and reason`, async () => {
			sandbox.addInvoice(invoice);
			const before = JSON.stringify(sandbox.invoices.get(invoice.id));
			const result = await run({ operation, invoiceId: invoice.id });

			assert.ok(result.error, 'the node fails');
			assert.match(result.error.message, /^Chargebee could not /);
			assert.ok(result.error.message.includes(`"${invoice.id}"`));
			assert.match(result.error.message, reason);
			assert.match(result.error.message, /HTTP 400/);
			assert.equal(JSON.stringify(sandbox.invoices.get(invoice.id)), before, 'the invoice is unchanged');
		});
	}

	it('fails with not-found on an unknown invoice', async () => {
		const result = await run({ operation: 'get', invoiceId: 'inv_missing' });
		assert.match(result.error!.message, /Chargebee could not get invoice "inv_missing": .*resource_not_found, HTTP 404/);
	});

	it('fails with the authentication error on a wrong key, without showing any key', async () => {
		sandbox.addInvoice({ id: 'inv_k' });
		const wrongKey = [...sandbox.apiKey].reverse().join('');
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'void', invoiceId: 'inv_k' },
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials({ apiKey: wrongKey }) },
		});
		assert.match(result.error!.message, /api_authentication_failed, HTTP 401/);
		assertNoSecret(result, wrongKey);
		assert.equal(sandbox.invoices.get('inv_k')!.status, 'payment_due');
	});

	it('gives one error item per failed input with Continue On Fail, keeping order and pairing', async () => {
		sandbox.addInvoice({ id: 'ok_1' });
		sandbox.addInvoice({ id: 'paid_1', status: 'paid', amount_paid: 10000, amount_due: 0 });
		sandbox.addInvoice({ id: 'ok_2' });
		const result = await run(
			{ operation: 'void', invoiceId: '={{ $json.id }}' },
			{ items: [{ id: 'ok_1' }, { id: 'paid_1' }, { id: '' }, { id: 'ok_2' }], continueOnFail: true },
		);

		assert.equal(result.error, undefined);
		assertPairedInOrder(result, 4);
		const [first, refused, blank, last] = result.items.map((item) => item.json);
		assert.equal(first.outcome, 'voided');
		assert.equal(last.outcome, 'voided');
		assert.equal(refused.success, false);
		assert.equal(refused.outcome, 'failed');
		assert.equal(refused.invoiceId, 'paid_1');
		assert.deepEqual(Object.keys(refused.error as object).sort(), ['code', 'httpStatus', 'message']);
		assert.equal((refused.error as { httpStatus: number }).httpStatus, 400);
		assert.equal((refused.error as { code: string }).code, 'invalid_state_for_request');
		assert.match((blank.error as { message: string }).message, /Invoice ID/);
		assert.equal((blank.error as { httpStatus: number | null }).httpStatus, null);
		assertAuditFields(result, refused);
		assert.equal(refused.attempts, 1);
		assert.equal(blank.attempts, 0);
	});

	it('runs 50 items in one run, each output paired with its input, in order', async () => {
		const ids = Array.from({ length: 50 }, (_, index) => `inv_bulk_${index}`);
		for (const id of ids) sandbox.addInvoice({ id });
		const result = await run({ operation: 'void', invoiceId: '={{ $json.id }}' }, { items: ids.map((id) => ({ id })) });

		assertPairedInOrder(result, 50);
		result.items.forEach((item, index) => {
			assert.equal(item.json.invoiceId, ids[index]);
			assert.equal(item.json.outcome, 'voided');
		});
		for (const id of ids) assert.equal(sandbox.applied.get(id), 1, `${id} voided exactly once`);
	});
});
