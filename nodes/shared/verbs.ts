import type { InvoiceOperation, Outcome } from './types';

/** What an operation is, the same in every node: its value, wording, outcomes and list entry. */
export type Verb = Pick<InvoiceOperation, 'value' | 'action' | 'outcome' | 'dryRunOutcome' | 'usesInvoiceId' | 'reversible'> & {
	option: { name: string; action: string };
};

function write(value: string, name: string, action: string, outcome: Outcome, dryRunOutcome: Outcome): Verb {
	const listed = `${name.charAt(0)}${name.slice(1).toLowerCase()} an invoice`;
	return { value, action: `${action} invoice`, outcome, dryRunOutcome, usesInvoiceId: true, option: { name, action: listed } };
}

/**
 * The verbs of the shared table. Writes carry a dry-run outcome (which also offers Dry Run and
 * Succeed If Already Done); reads have none, and a dry run performs them as usual.
 */
export const VERBS = {
	delete: write('delete', 'Delete', 'delete', 'deleted', 'would_delete'),
	void: write('void', 'Void', 'void', 'voided', 'would_void'),
	writeOff: write('writeOff', 'Write Off', 'write off', 'written_off', 'would_write_off'),
	// Each undoes the other, so neither is listed as irreversible.
	disable: { ...write('disable', 'Disable', 'disable', 'disabled', 'would_disable'), reversible: true },
	enable: { ...write('enable', 'Enable', 'enable', 'enabled', 'would_enable'), reversible: true },
	get: { value: 'get', action: 'get invoice', outcome: 'fetched', usesInvoiceId: true, option: { name: 'Get', action: 'Get an invoice' } },
	getAll: { value: 'getAll', action: 'list invoices', outcome: 'fetched', usesInvoiceId: false, option: { name: 'Get Many', action: 'Get many invoices' } },
} satisfies Record<string, Verb>;

/** The shared part of an operation, with its entry in the Operation list complete. */
export type SharedPart = Omit<Verb, 'option'> & { option: InvoiceOperation['option'] };

/**
 * An operation's shared part, with the description its node shows in the Operation list (where
 * each provider gives its own advice, e.g. prefer Void over Delete).
 */
export function verb(name: keyof typeof VERBS, description: string): SharedPart {
	const { option, ...rest }: Verb = VERBS[name];
	return { ...rest, option: { ...option, description } };
}

/** The values of the write verbs: the operations Dry Run and the write-only options show for. */
export const WRITE_VERBS = Object.values(VERBS as Record<string, Verb>)
	.filter((candidate) => candidate.dryRunOutcome !== undefined)
	.map(({ value }) => value);
