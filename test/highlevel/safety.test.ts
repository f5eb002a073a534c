import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { assertAuditFields, assertPairedInOrder } from '../harness/assertions';
import type { RunNodeResult } from '../harness/engine';
import { nodeTypes, PACKAGE } from '../harness/package';
import { HighLevelSandbox, type HighLevelStatus } from '../sandbox/highlevel';
import { LOCATION, runWithToken } from './setup';

const STATUSES: HighLevelStatus[] = ['draft', 'sent', 'payment_processing', 'paid', 'void', 'partially_paid'];

const WRITES = [
	{ operation: 'delete', outcome: 'deleted', dryRunOutcome: 'would_delete' },
	{ operation: 'void', outcome: 'voided', dryRunOutcome: 'would_void' },
];

function only(result: RunNodeResult) {
	assertPairedInOrder(result, 1);
	const [item] = result.items;
	assertAuditFields(result, item.json);
	return item.json;
}

function optionsCollection(): INodeProperties {
	const description = nodeTypes().get(`${PACKAGE}.highLevel`)!.description as INodeTypeDescription;
	return description.properties.find((property) => property.name === 'options')!;
}

describe('HighLevel Dry Run and Succeed If Already Done, in the n8n engine', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.clear();
		sandbox.tokens.set('pit-safety-token', LOCATION);
	});

	const credential = () => ({ privateIntegrationToken: 'pit-safety-token', locationId: LOCATION, baseUrl: sandbox.url });
	const run = async (parameters: Record<string, unknown>, options: Record<string, unknown> = {}) =>
		only(await runWithToken(sandbox, { ...parameters, options }, { continueOnFail: true, credential: credential() }));

	for (const { operation, outcome, dryRunOutcome } of WRITES) {
		for (const status of STATUSES) {
			it(`${operation} of a ${status} invoice: the dry run only reads, and the real run does what it predicted`, async () => {
				const id = `inv_${operation}_${status}`;
				sandbox.addInvoice({ _id: id, altId: LOCATION, status });

				const dry = await run({ operation, invoiceId: id }, { dryRun: true });
				assert.deepEqual(
					sandbox.requests.map((request) => `${request.method} ${request.url}`),
					[`GET /invoices/${id}?altId=${LOCATION}&altType=location`],
				);
				assert.equal(sandbox.writes.length, 0);
				assert.equal(sandbox.applied.get(id), undefined);
				assert.equal(dry.success, true);
				assert.equal(dry.dryRun, true);
				assert.equal(dry.attempts, 1);
				assert.deepEqual(dry.response, sandbox.invoices.get(id), 'the item carries the invoice as read');

				const real = await run({ operation, invoiceId: id });
				if (dry.outcome === dryRunOutcome) {
					assert.equal(dry.reason, undefined);
					assert.equal(real.success, true);
					assert.equal(real.outcome, outcome);
					assert.equal(sandbox.applied.get(id), 1);
				} else {
					assert.equal(dry.outcome, 'would_fail');
					assert.match(String(dry.reason), new RegExp(`\\b${status}\\b`), 'the reason names the status');
					assert.equal(real.success, false);
					assert.equal(real.outcome, 'failed');
					assert.equal((real.error as { httpStatus: number }).httpStatus, 400);
					assert.equal(sandbox.applied.get(id), undefined);
				}
			});
		}

		it(`${operation} of an invoice HighLevel does not find: would_fail, then the real run fails with 404`, async () => {
			const dry = await run({ operation, invoiceId: 'inv_missing' }, { dryRun: true });
			assert.equal(sandbox.writes.length, 0);
			assert.equal(dry.outcome, 'would_fail');
			assert.equal(dry.response, null);
			assert.match(String(dry.reason), /Invoice with id inv_missing not found/);

			const real = await run({ operation, invoiceId: 'inv_missing' });
			assert.equal(real.outcome, 'failed');
			assert.equal((real.error as { httpStatus: number }).httpStatus, 404);
		});
	}

	it("predicts by the README's rule: void sent / partially_paid, delete draft / sent / void", async () => {
		const predicted: Record<string, string[]> = { delete: [], void: [] };
		for (const { operation, dryRunOutcome } of WRITES) {
			for (const status of STATUSES) {
				sandbox.addInvoice({ _id: `inv_${status}`, altId: LOCATION, status });
				const dry = await run({ operation, invoiceId: `inv_${status}` }, { dryRun: true });
				if (dry.outcome === dryRunOutcome) predicted[operation].push(status);
			}
		}
		assert.deepEqual(predicted, { delete: ['draft', 'sent', 'void'], void: ['sent', 'partially_paid'] });
		assert.equal(sandbox.writes.length, 0);
	});

	it('words a refused prediction in HighLevel status names and says the rule is undocumented', async () => {
		sandbox.addInvoice({ _id: 'inv_paid', altId: LOCATION, status: 'paid' });
		const dry = await run({ operation: 'void', invoiceId: 'inv_paid' }, { dryRun: true });
		assert.equal(
			dry.reason,
			"Invoice in paid status cannot be voided: HighLevel voids only sent or partially_paid invoices (HighLevel does not document this rule; see the node's README)",
		);
	});

	describe('a repeated void', () => {
		beforeEach(async () => {
			sandbox.addInvoice({ _id: 'inv_twice', altId: LOCATION, status: 'sent' });
			assert.equal((await run({ operation: 'void', invoiceId: 'inv_twice' })).outcome, 'voided');
			sandbox.requests.length = 0;
		});

		it('with Succeed If Already Done succeeds as already_voided, proven by one read', async () => {
			const item = await run({ operation: 'void', invoiceId: 'inv_twice' }, { succeedIfAlreadyDone: true });
			assert.equal(item.success, true);
			assert.equal(item.outcome, 'already_voided');
			assert.equal(item.response, null);
			assert.equal(item.attempts, 2);
			assert.deepEqual(
				sandbox.requests.map((request) => request.method),
				['POST', 'GET'],
			);
			assert.equal(sandbox.applied.get('inv_twice'), 1, 'voided once, by the first run');
		});

		it("without it fails clearly, with HighLevel's reason", async () => {
			const item = await run({ operation: 'void', invoiceId: 'inv_twice' });
			assert.equal(item.success, false);
			assert.equal(item.outcome, 'failed');
			assert.match(
				(item.error as { message: string }).message,
				/HighLevel could not void invoice "inv_twice": Invoice in void status cannot be voided/,
			);
			assert.deepEqual(
				sandbox.requests.map((request) => request.method),
				['POST'],
				'no read without the option',
			);
		});

		it('dry run predicts already_voided with the option and would_fail without, as the real runs do', async () => {
			const withOption = await run({ operation: 'void', invoiceId: 'inv_twice' }, { dryRun: true, succeedIfAlreadyDone: true });
			assert.equal(withOption.outcome, 'already_voided');
			assert.equal((withOption.response as { status: string }).status, 'void');
			const without = await run({ operation: 'void', invoiceId: 'inv_twice' }, { dryRun: true });
			assert.equal(without.outcome, 'would_fail');
			assert.equal(without.reason, 'The invoice is already void');
			assert.equal(sandbox.writes.length, 0);
		});
	});

	it('Succeed If Already Done does not turn other void refusals into success', async () => {
		sandbox.addInvoice({ _id: 'inv_paid', altId: LOCATION, status: 'paid' });
		const paid = await run({ operation: 'void', invoiceId: 'inv_paid' }, { succeedIfAlreadyDone: true });
		assert.equal(paid.outcome, 'failed');
		assert.match((paid.error as { message: string }).message, /Invoice in paid status cannot be voided/);

		const missing = await run({ operation: 'void', invoiceId: 'inv_never' }, { succeedIfAlreadyDone: true });
		assert.equal(missing.outcome, 'failed');
		assert.equal((missing.error as { httpStatus: number }).httpStatus, 404, 'never existed is not already void');
	});

	it('a repeated delete fails clearly even with Succeed If Already Done: a 404 cannot prove an earlier delete', async () => {
		sandbox.addInvoice({ _id: 'inv_del', altId: LOCATION, status: 'draft' });
		assert.equal((await run({ operation: 'delete', invoiceId: 'inv_del' })).outcome, 'deleted');

		for (const options of [{}, { succeedIfAlreadyDone: true }]) {
			const again = await run({ operation: 'delete', invoiceId: 'inv_del' }, options);
			assert.equal(again.success, false);
			assert.equal(again.outcome, 'failed');
			assert.equal((again.error as { httpStatus: number }).httpStatus, 404);
			assert.match(
				(again.error as { message: string }).message,
				/HighLevel could not delete invoice "inv_del": Invoice with id inv_del not found/,
			);
		}
		assert.equal(sandbox.applied.get('inv_del'), 1);
	});

	it('offers both options for Delete, Void and Cancel, Succeed If Already Done saying it cannot prove a deletion', () => {
		const options = optionsCollection().options as INodeProperties[];
		const option = (name: string) => options.find((candidate) => candidate.name === name);
		assert.deepEqual(option('succeedIfAlreadyDone')?.displayOptions?.show?.['/operation'], ['delete', 'void', 'cancel']);
		assert.deepEqual(option('dryRun')?.displayOptions?.show?.['/operation'], ['delete', 'void', 'cancel']);
		assert.match(String(option('succeedIfAlreadyDone')?.description), /HighLevel cannot prove it for Delete: there the error stands/);
	});

	it('a dry run over many items reads each invoice once, changes nothing and audits every item', async () => {
		const statuses: HighLevelStatus[] = ['sent', 'paid', 'draft'];
		statuses.forEach((status, index) => sandbox.addInvoice({ _id: `inv_many_${index}`, altId: LOCATION, status }));
		const result = await runWithToken(
			sandbox,
			{ operation: 'delete', invoiceId: '={{ $json.id }}', options: { dryRun: true } },
			{ credential: credential(), items: statuses.map((_, index) => ({ id: `inv_many_${index}` })) },
		);
		assertPairedInOrder(result, 3);
		for (const item of result.items) assertAuditFields(result, item.json);
		assert.deepEqual(
			result.items.map((item) => item.json.outcome),
			['would_delete', 'would_fail', 'would_delete'],
		);
		assert.equal(sandbox.requests.length, 3);
		assert.equal(sandbox.writes.length, 0);
		assert.equal(sandbox.invoices.size, 3);
	});
});
