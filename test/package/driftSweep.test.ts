/**
 * The drift sweep as docs/drift-sweep.md ships it (test/e2e/drift.test.ts runs it in real n8n):
 * its safe defaults and wiring, and the sandbox drift (test/sandbox/served/drift.ts) judged by the
 * workflow's own filters, so that the seeded "drifted" list cannot drift from what it finds.
 */
import { assert } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import { driftSweepWorkflow, DRIFT_SWEEP_NODES, shippedDriftSweep } from '../e2e/workflows';
import type { ChargebeeSandbox } from '../sandbox/chargebee';
import type { ChartMogulSandbox } from '../sandbox/chartmogul';
import { chargebee } from '../sandbox/served/chargebee';
import { chartMogul } from '../sandbox/served/chartmogul';
import { DRIFT_DATA_SOURCE, DRIFTED, seedDrift } from '../sandbox/served/drift';

const NODES = DRIFT_SWEEP_NODES;
const shipped = shippedDriftSweep();
const node = (name: string) => {
	const found = shipped.nodes.find((candidate) => candidate.name === name);
	assert.ok(found, `no node "${name}" in the shipped sweep`);
	return found;
};
const targets = (from: string, output = 0) => (shipped.connections[from]?.main[output] ?? []).map((link) => `${link.node}#${link.index}`);

describe('Drift sweep: as shipped', () => {
	it('acts with Dry Run on, Succeed If Already Done on and On Error continue, by the ChartMogul UUID', () => {
		const action = node(NODES.action);
		assert.deepEqual(
			[action.type, action.parameters.operation, action.parameters.invoiceId, action.parameters.options, action.onError],
			['n8n-nodes-invoice-ops.chartMogul', 'disable', '={{ $json.uuid }}', { dryRun: true, succeedIfAlreadyDone: true }, 'continueRegularOutput'],
		);
	});

	it('lists every page of both systems, deleted Chargebee invoices included, and pairs external_id with id', () => {
		assert.deepEqual(node(NODES.chartMogul).parameters.returnAll, true);
		assert.deepEqual(node(NODES.chargebee).parameters.returnAll, true);
		assert.equal((node(NODES.chargebee).parameters.filters as Record<string, unknown>).includeDeleted, true);
		const compare = node(NODES.compare);
		assert.deepEqual(compare.parameters.mergeByFields, { values: [{ field1: 'external_id', field2: 'id' }] });
		// Input A's version on both pair outputs: the items Disable reads are ChartMogul invoices.
		assert.equal(compare.parameters.resolve, 'preferInput1');
	});

	it('starts both lists from each trigger, feeds ChartMogul to Input A and Chargebee to Input B, and acts on both pair outputs only', () => {
		const lists = [`${NODES.chartMogul}#0`, `${NODES.chargebee}#0`];
		for (const trigger of ['Every night at 03:00', 'Run the sweep now']) assert.deepEqual(targets(trigger).sort(), lists.sort(), trigger);
		assert.deepEqual(targets(NODES.chartMogul), [`${NODES.compare}#0`]);
		assert.deepEqual(targets('Deleted or voided'), [`${NODES.compare}#1`]);
		assert.deepEqual([0, 1, 2, 3].map((output) => targets(NODES.compare, output)), [[], [`${NODES.action}#0`], [`${NODES.action}#0`], []]);
		assert.deepEqual(targets(NODES.action), [`${NODES.summary}#0`]);
	});

	it('is set up for the sandboxes with only the credentials and the data source changed', () => {
		const workflow = driftSweepWorkflow('driftUnit01', 'unit', { chargebee, chartMogul }, DRIFT_DATA_SOURCE);
		assert.deepEqual(workflow.connections, shipped.connections);
		workflow.nodes.forEach((localized, index) => {
			const original = shipped.nodes[index];
			const filters = localized.name === NODES.chartMogul ? { ...(original.parameters.filters as object), dataSourceUuid: DRIFT_DATA_SOURCE } : original.parameters.filters;
			assert.deepEqual({ ...localized.parameters, filters: undefined }, { ...original.parameters, filters: undefined }, localized.name);
			assert.deepEqual(localized.parameters.filters, filters, localized.name);
			assert.deepEqual(Object.keys(localized.credentials ?? {}), Object.keys(original.credentials ?? {}), localized.name);
		});
		const off = driftSweepWorkflow('driftUnit02', 'unit', { chargebee, chartMogul }, DRIFT_DATA_SOURCE, { dryRun: false });
		assert.equal((off.nodes.find((candidate) => candidate.name === NODES.action)!.parameters.options as Record<string, unknown>).dryRun, false);
		assert.equal((node(NODES.action).parameters.options as Record<string, unknown>).dryRun, true, 'the shipped workflow is left as it is');
	});
});

describe('Drift sweep: the seeded drift, judged by the shipped filters', () => {
	let chargebeeSandbox: ChargebeeSandbox;
	let chartMogulSandbox: ChartMogulSandbox;

	before(async () => {
		chargebeeSandbox = (await chargebee.start(0)) as ChargebeeSandbox;
		chartMogulSandbox = (await chartMogul.start(0)) as ChartMogulSandbox;
		seedDrift(chargebeeSandbox, chartMogulSandbox);
	});
	after(async () => {
		await chargebee.close(chargebeeSandbox);
		await chartMogul.close(chartMogulSandbox);
	});

	it('DRIFTED is exactly what Updated After, Deleted or voided, the data source and the pairing select', () => {
		const updatedAfter = Date.parse(`${String((node(NODES.chargebee).parameters.filters as Record<string, unknown>).updatedAfter)}Z`) / 1000;
		const goneOrVoided = new Set(
			[...chargebeeSandbox.invoices.values()]
				.filter((invoice) => Number(invoice.updated_at ?? 0) > updatedAfter && (invoice.deleted || invoice.status === 'voided'))
				.map((invoice) => invoice.id),
		);
		const found = [...chartMogulSandbox.invoices.values()]
			.filter((invoice) => invoice.data_source_uuid === DRIFT_DATA_SOURCE && !invoice.disabled && goneOrVoided.has(invoice.external_id))
			.map((invoice) => invoice.uuid);
		assert.deepEqual(found.sort(), [...DRIFTED].sort());
		assert.equal(DRIFTED.length, 3);
	});
});
