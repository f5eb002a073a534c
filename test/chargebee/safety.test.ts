import type { IDataObject } from 'n8n-workflow';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { assertAuditFields } from '../harness/assertions';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox, type ChargebeeInvoice } from '../sandbox/chargebee';

type Seed = Partial<ChargebeeInvoice> & { id: string };

const OUTCOME: Record<string, string> = { delete: 'deleted', void: 'voided', writeOff: 'written_off' };

describe('Chargebee: dry runs predict, re-runs stay safe', () => {
	let sandbox: ChargebeeSandbox;

	before(async () => {
		sandbox = await ChargebeeSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.invoices.clear();
		sandbox.requests.length = 0;
	});

	const run = async (operation: string, invoiceId: string, options: IDataObject = {}) => {
		const result = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation, invoiceId, options } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			continueOnFail: true,
		});
		const [item] = result.items;
		assertAuditFields(result, item.json);
		return item.json;
	};

	const cases: Array<[string, string, Seed, boolean]> = [
		['delete', 'an open invoice', { id: 'd_ok' }, true],
		['delete', 'an invoice with payments', { id: 'd_paid', amount_paid: 100, linked_payments: [{ txn_id: 't', txn_status: 'success' }] }, false],
		['void', 'a payment_due invoice', { id: 'v_ok' }, true],
		['void', 'a posted invoice with an adjustment', { id: 'v_adj', status: 'posted', amount_adjusted: 50 }, false],
		['void', 'a paid invoice', { id: 'v_paid', status: 'paid', amount_paid: 10000, amount_due: 0 }, false],
		['writeOff', 'a not_paid invoice', { id: 'w_ok', status: 'not_paid' }, true],
		['writeOff', 'a pending invoice', { id: 'w_pending', status: 'pending' }, false],
		['writeOff', 'a voided invoice', { id: 'w_void', status: 'voided' }, false],
	];

	for (const [operation, label, seed, allowed] of cases) {
		it(`${operation} of ${label}: the dry run changes nothing and predicts what the real run does`, async () => {
			sandbox.addInvoice(seed);
			const dry = await run(operation, seed.id, { dryRun: true });

			assert.equal(sandbox.writes.length, 0, 'the dry run sent no mutating request');
			assert.ok(sandbox.requests.every((request) => request.method === 'GET'));
			assert.equal(dry.dryRun, true);
			assert.equal(dry.success, true);
			assert.equal((dry.response as { invoice: { id: string } }).invoice.id, seed.id, 'the invoice as read');
			assert.equal(dry.outcome, allowed ? `would_${operation === 'writeOff' ? 'write_off' : operation}` : 'would_fail');
			if (!allowed) assert.match(String(dry.reason), /invalid_state_for_request|already/);

			const real = await run(operation, seed.id);
			assert.equal(real.success, allowed, `the real run ${allowed ? 'succeeds' : 'fails'} as predicted`);
			assert.equal(real.outcome, allowed ? OUTCOME[operation] : 'failed');
			if (!allowed) assert.equal((real.error as { code: string }).code, 'invalid_state_for_request');
		});
	}

	const repeats: Array<[string, Seed, string, RegExp]> = [
		['delete', { id: 'r_del' }, 'already_deleted', /resource_not_found, HTTP 404/],
		['void', { id: 'r_void' }, 'already_voided', /invalid_state_for_request, HTTP 400/],
		['writeOff', { id: 'r_wo' }, 'already_written_off', /invalid_state_for_request, HTTP 400/],
	];
	for (const [operation, seed, alreadyOutcome, failure] of repeats) {
		it(`a repeated ${operation} succeeds as ${alreadyOutcome} with Succeed If Already Done, and fails clearly without`, async () => {
			sandbox.addInvoice(seed);
			assert.equal((await run(operation, seed.id)).outcome, OUTCOME[operation]);

			const without = await run(operation, seed.id);
			assert.equal(without.success, false);
			assert.match((without.error as { message: string }).message, failure);

			const withOption = await run(operation, seed.id, { succeedIfAlreadyDone: true });
			assert.equal(withOption.success, true);
			assert.equal(withOption.outcome, alreadyOutcome);
			assert.equal(sandbox.applied.get(seed.id), 1, 'the change was applied once');

			const dry = await run(operation, seed.id, { dryRun: true, succeedIfAlreadyDone: true });
			assert.equal(dry.outcome, alreadyOutcome, 'a dry run foresees the same');
			const dryWithout = await run(operation, seed.id, { dryRun: true });
			assert.equal(dryWithout.outcome, 'would_fail');
			assert.match(String(dryWithout.reason), /already/);
		});
	}

	it('does not call an invoice that never existed "already deleted"', async () => {
		const result = await run('delete', 'never_existed', { succeedIfAlreadyDone: true });
		assert.equal(result.success, false);
		assert.equal((result.error as { code: string }).code, 'resource_not_found');

		const dry = await run('delete', 'never_existed', { dryRun: true, succeedIfAlreadyDone: true });
		assert.equal(dry.outcome, 'would_fail');
		assert.match(String(dry.reason), /resource_not_found/);
	});

	it('does not call a paid invoice "already written off"', async () => {
		sandbox.addInvoice({ id: 'paid_only', status: 'paid', amount_paid: 10000, amount_due: 0 });
		const result = await run('writeOff', 'paid_only', { succeedIfAlreadyDone: true });
		assert.equal(result.success, false);
		assert.equal(result.outcome, 'failed');
	});

	it('offers both options only for the write operations', async () => {
		const { Chargebee } = await import('../../nodes/Chargebee/Chargebee.node');
		const options = new Chargebee().description.properties.find((property) => property.name === 'options')!;
		for (const name of ['dryRun', 'succeedIfAlreadyDone']) {
			const option = (options.options as Array<{ name: string; displayOptions?: { show?: Record<string, unknown> } }>).find(
				(candidate) => candidate.name === name,
			)!;
			assert.deepEqual(option.displayOptions?.show?.['/operation'], ['delete', 'void', 'writeOff']);
		}
	});
});
