import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { INVOICE, resourceOf } from './resources';
import type { InvoiceOperation, Outcome, Provider } from './types';
import { VERBS } from './verbs';

/**
 * Run hints: after a run, the output panel says in one line per operation what the run did,
 * counted by outcome, so nobody has to scroll 300 items to learn that 12 would fail.
 */

/** What one input item gave, as the hints count it. */
export interface ItemReport {
	operation: string;
	/** The `resource` the item acted on (absent: the invoice). */
	resource?: string;
	outcome: Outcome | 'records';
	/** `would_fail`: the provider's reason; `records`: how many records Get Many found. */
	reason?: string;
	records?: number;
	/** Get Many: records the provider listed more than once, output once (paging.ts). */
	repeatsDropped?: number;
}

/** What a provider adds to the hints of a run (wording as data, in the provider's file). */
export interface ProviderHints {
	/**
	 * A warning after any delete (a dry run included): what a user should know before relying on
	 * it. `lasting` is added when the node offers that operation (the lasting alternative).
	 */
	afterDelete?: { message: string; lasting?: { operation: string; message: string } };
}

/** How an outcome reads in a hint: `{n}` is the count, `{noun}` the counted thing. */
const PHRASES: Partial<Record<Outcome, string>> = {
	deleted: 'Deleted {n} {noun}',
	voided: 'Voided {n} {noun}',
	written_off: 'Wrote off {n} {noun}',
	disabled: 'Disabled {n} {noun}',
	enabled: 'Enabled {n} {noun}',
	cancelled: 'Cancelled {n} {noun}',
	fetched: 'Read {n} {noun}',
	already_deleted: '{n} already deleted',
	already_voided: '{n} already voided',
	already_written_off: '{n} already written off',
	already_disabled: '{n} already disabled',
	already_enabled: '{n} already enabled',
	already_cancelled: '{n} already cancelled',
	would_delete: '{n} {noun} would be deleted',
	would_void: '{n} {noun} would be voided',
	would_write_off: '{n} {noun} would be written off',
	would_disable: '{n} {noun} would be disabled',
	would_enable: '{n} {noun} would be enabled',
	would_cancel: '{n} {noun} would be cancelled',
	would_fail: '{n} would fail',
	failed: '{n} failed',
};

/** Outcomes in the order a hint lists them after the operation's own outcome. */
const ORDER: Outcome[] = [
	'already_deleted',
	'already_voided',
	'already_written_off',
	'already_disabled',
	'already_enabled',
	'already_cancelled',
	'would_fail',
	'failed',
];

/** Distinct would-fail reasons named in a hint; the rest are counted as "other reasons". */
const REASONS_SHOWN = 3;
const REASON_MAX = 80;

const DELETES: Outcome[] = ['deleted', 'would_delete', 'already_deleted'];

/** 1,200 (n8n's own UI writes numbers the en-US way). */
export function formatCount(count: number): string {
	return count.toLocaleString('en-US');
}

function plural(count: number, [one, many]: readonly [string, string]): string {
	return count === 1 ? one : many;
}

function phrase(outcome: Outcome, count: number, noun: readonly [string, string]): string {
	const template = PHRASES[outcome] ?? `{n} ${outcome.replace(/_/g, ' ')}`;
	return template.replace('{n}', formatCount(count)).replace('{noun}', plural(count, noun));
}

/**
 * The gist of a would-fail reason: its first clause, without the item's own ids, so that 12
 * paid invoices make one group ("the invoice is paid"), not twelve.
 */
function gistOf(reason: string): string {
	const first = reason.split(/; |: /)[0].replace(/"[^"]*"/g, '').replace(/\s+/g, ' ').trim();
	return first.length > REASON_MAX ? `${first.slice(0, REASON_MAX - 1)}…` : first;
}

function wouldFailPhrase(reports: ItemReport[], noun: readonly [string, string]): string {
	const byReason = new Map<string, number>();
	for (const { reason } of reports) {
		const gist = gistOf(reason ?? '') || 'no reason given';
		byReason.set(gist, (byReason.get(gist) ?? 0) + 1);
	}
	const ranked = [...byReason].sort((a, b) => b[1] - a[1]);
	const shown = ranked.slice(0, REASONS_SHOWN).map(([gist, count]) => (ranked.length === 1 ? gist : `${formatCount(count)}: ${gist}`));
	const others = ranked.slice(REASONS_SHOWN).reduce((sum, [, count]) => sum + count, 0);
	if (others > 0) shown.push(`${formatCount(others)}: other reasons`);
	return `${phrase('would_fail', reports.length, noun)} (${shown.join('; ')})`;
}

function count<T>(values: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

function getManyHint(operation: InvoiceOperation, reports: ItemReport[]): NodeExecutionHint {
	const { noun } = resourceOf(operation);
	const found = reports.reduce((sum, report) => sum + (report.records ?? 0), 0);
	const parts = [`${operation.option.name}: ${formatCount(found)} ${plural(found, noun)}`];
	const repeats = reports.reduce((sum, report) => sum + (report.repeatsDropped ?? 0), 0);
	if (repeats > 0) {
		// So that a list shorter than the provider's pages added up is explained.
		parts.push(`${formatCount(repeats)} ${plural(repeats, ['repeated record', 'repeated records'])} dropped (listed on more than one page; each ${noun[0]} is output once)`);
	}
	const failed = reports.filter((report) => report.outcome === 'failed').length;
	if (failed > 0) parts.push(`${formatCount(failed)} ${plural(failed, ['search', 'searches'])} failed`);
	return { message: parts.join(', '), type: failed > 0 ? 'warning' : 'info', location: 'outputPane' };
}

function operationHint(operation: InvoiceOperation, reports: ItemReport[]): NodeExecutionHint {
	const noun = operation.counted ?? resourceOf(operation).noun;
	const outcomes = count(reports.map((report) => report.outcome as Outcome));
	const dryRun = reports.some((report) => report.outcome.startsWith('would_'));
	const main = dryRun && operation.dryRunOutcome ? operation.dryRunOutcome : operation.outcome;
	const parts = [phrase(main, outcomes.get(main) ?? 0, noun)];
	for (const outcome of ORDER) {
		const matching = reports.filter((report) => report.outcome === outcome);
		if (matching.length === 0) continue;
		parts.push(outcome === 'would_fail' ? wouldFailPhrase(matching, noun) : phrase(outcome, matching.length, noun));
	}
	const warned = (outcomes.get('would_fail') ?? 0) + (outcomes.get('failed') ?? 0) > 0;
	if (dryRun) {
		const warning = warned ? ' Check the items marked would_fail before the real run.' : '';
		return { message: `Dry Run: nothing was changed. ${parts.join(', ')}.${warning}`, type: warned ? 'warning' : 'info', location: 'outputPane' };
	}
	return { message: parts.join(', '), type: warned ? 'warning' : 'info', location: 'outputPane' };
}

/** The hints of one run: one per operation used, then the provider's warnings. */
export function runHints(provider: Provider, operations: InvoiceOperation[], reports: ItemReport[]): NodeExecutionHint[] {
	const hints: NodeExecutionHint[] = [];
	for (const operation of operations) {
		const resource = resourceOf(operation).value;
		const mine = reports.filter((report) => report.operation === operation.value && (report.resource ?? INVOICE.value) === resource);
		if (mine.length === 0) continue;
		const listsRecords = mine.some((report) => report.outcome === 'records');
		hints.push(listsRecords || operation.value === VERBS.getAll.value ? getManyHint(operation, mine) : operationHint(operation, mine));
	}
	const afterDelete = provider.hints?.afterDelete;
	// About deleted invoices: another resource's deletes (HighLevel's schedules) are not meant.
	const invoiceReports = reports.filter((report) => (report.resource ?? INVOICE.value) === INVOICE.value);
	if (afterDelete && invoiceReports.some((report) => DELETES.includes(report.outcome as Outcome))) {
		const { lasting } = afterDelete;
		const offered = lasting && operations.some((operation) => operation.value === lasting.operation);
		hints.push({ message: [afterDelete.message, offered ? lasting.message : ''].filter(Boolean).join(' '), type: 'warning', location: 'outputPane' });
	}
	return hints;
}

/**
 * What one input item gave, read from its output: the audit item's operation and outcome, or
 * (Get Many) how many records it found.
 */
export function reportOf(operationName: string, output: INodeExecutionData | INodeExecutionData[], repeatsDropped?: number): ItemReport {
	if (Array.isArray(output)) return { operation: operationName, outcome: 'records', records: output.length, repeatsDropped };
	const { outcome, reason } = output.json;
	return { operation: operationName, outcome: outcome as Outcome, reason: typeof reason === 'string' ? reason : undefined };
}

/**
 * Shows the hints in the output panel. n8n 1.123 and 2.x have `addExecutionHints`; an n8n
 * without it shows none, and the run itself is the same.
 */
export function addRunHints(context: IExecuteFunctions, hints: NodeExecutionHint[]): void {
	if (hints.length === 0 || typeof context.addExecutionHints !== 'function') return;
	context.addExecutionHints(...hints);
}
