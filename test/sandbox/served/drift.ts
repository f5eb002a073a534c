/**
 * Drift between the Chargebee and ChartMogul sandboxes, for the drift sweep example
 * (docs/drift-sweep.md): invoices deleted or voided in Chargebee that ChartMogul still counts
 * under the same external id in the sweep's data source, next to the cases the sweep must leave
 * alone. `npm run dev` seeds it (test/sandbox/serve.ts) and test/e2e/drift.test.ts runs the sweep
 * over it.
 */
import type { ChargebeeInvoice, ChargebeeSandbox } from '../chargebee';
import type { ChartMogulInvoice, ChartMogulSandbox } from '../chartmogul';
import { DATA_SOURCE } from './chartmogul';

/** The data source the sweep lists (its ChartMogul Get Many's Data Source UUID). */
export const DRIFT_DATA_SOURCE = DATA_SOURCE;
/** Another data source of the same account: the sweep never looks there. */
const OTHER_DATA_SOURCE = 'ds_other_source';

/** Unix seconds: inside the sweep's window (its Updated After is 2026-01-01) and before it. */
const IN_WINDOW = Date.UTC(2026, 2, 1) / 1000;
const BEFORE_WINDOW = Date.UTC(2025, 11, 1) / 1000;

const changed = (at: number) => ({ date: at - 86_400 * 30, updated_at: at, customer_id: 'cust_drift' });

interface DriftCase {
	why: string;
	chargebee?: Partial<ChargebeeInvoice> & { id: string };
	chartMogul?: Partial<ChartMogulInvoice> & { uuid: string };
	/** Whether the sweep must take it out of ChartMogul. */
	drifted: boolean;
}

const chartMogulCopy = (uuid: string, externalId: string, extra: Partial<ChartMogulInvoice> = {}) => ({
	uuid,
	external_id: externalId,
	data_source_uuid: DRIFT_DATA_SOURCE,
	customer_uuid: 'cus_drift',
	...extra,
});

export const DRIFT_CASES: DriftCase[] = [
	{
		why: 'deleted in Chargebee, still in ChartMogul',
		chargebee: { id: 'cb_inv_4001', status: 'payment_due', deleted: true, ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4001', 'cb_inv_4001'),
		drifted: true,
	},
	{
		why: 'voided in Chargebee, still in ChartMogul',
		chargebee: { id: 'cb_inv_4002', status: 'voided', amount_due: 0, ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4002', 'cb_inv_4002', { status: 'paid' }),
		drifted: true,
	},
	{
		why: 'voided and then deleted in Chargebee, still in ChartMogul',
		chargebee: { id: 'cb_inv_4003', status: 'voided', amount_due: 0, deleted: true, ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4003', 'cb_inv_4003'),
		drifted: true,
	},
	{
		why: 'open in both: no drift',
		chargebee: { id: 'cb_inv_4004', status: 'payment_due', ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4004', 'cb_inv_4004'),
		drifted: false,
	},
	{
		why: 'paid in both: no drift',
		chargebee: { id: 'cb_inv_4005', status: 'paid', amount_due: 0, amount_paid: 10000, ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4005', 'cb_inv_4005', { status: 'paid' }),
		drifted: false,
	},
	{
		why: 'voided in Chargebee, in ChartMogul under another data source: outside the sweep',
		chargebee: { id: 'cb_inv_4006', status: 'voided', amount_due: 0, ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4006', 'cb_inv_4006', { data_source_uuid: OTHER_DATA_SOURCE }),
		drifted: false,
	},
	{
		why: 'deleted in Chargebee, never in ChartMogul',
		chargebee: { id: 'cb_inv_4007', status: 'payment_due', deleted: true, ...changed(IN_WINDOW) },
		drifted: false,
	},
	{
		why: 'voided in Chargebee, already disabled in ChartMogul',
		chargebee: { id: 'cb_inv_4008', status: 'voided', amount_due: 0, ...changed(IN_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4008', 'cb_inv_4008', {
			disabled: true,
			disabled_at: '2026-03-02T08:00:00.000Z',
			disabled_by: 'owner@invoice-ops.test',
		}),
		drifted: false,
	},
	{
		why: 'deleted in Chargebee before the sweep\'s Updated After: outside its window',
		chargebee: { id: 'cb_inv_4009', status: 'payment_due', deleted: true, ...changed(BEFORE_WINDOW) },
		chartMogul: chartMogulCopy('inv_cm_4009', 'cb_inv_4009'),
		drifted: false,
	},
	{
		why: 'only in ChartMogul',
		chartMogul: chartMogulCopy('inv_cm_4010', 'cb_inv_4010'),
		drifted: false,
	},
];

/** The ChartMogul UUIDs the sweep must find (and, with Dry Run off, disable), in ChartMogul's list order. */
export const DRIFTED = DRIFT_CASES.filter((driftCase) => driftCase.drifted).map((driftCase) => driftCase.chartMogul!.uuid);

/** Adds the drift to both sandboxes (after their other seeds, which keep their numbers). */
export function seedDrift(chargebee: ChargebeeSandbox, chartMogul: ChartMogulSandbox) {
	for (const driftCase of DRIFT_CASES) {
		if (driftCase.chargebee) chargebee.addInvoice(driftCase.chargebee);
		if (driftCase.chartMogul) chartMogul.addInvoice(driftCase.chartMogul);
	}
}
