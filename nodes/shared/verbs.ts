import { INVOICE } from './resources';
import type { InvoiceOperation, Outcome, Resource } from './types';

/** What an operation is, the same in every node: its value, wording, outcomes and list entry. */
export type Verb = Pick<InvoiceOperation, 'value' | 'outcome' | 'dryRunOutcome' | 'usesInvoiceId' | 'reversible'> & {
	/** What it does to one record (`void`) or to many (`list`), without the record's noun. */
	does: string;
	option: { name: string };
};

function write(value: string, name: string, does: string, outcome: Outcome, dryRunOutcome: Outcome): Verb {
	return { value, does, outcome, dryRunOutcome, usesInvoiceId: true, option: { name } };
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
	get: { value: 'get', does: 'get', outcome: 'fetched', usesInvoiceId: true, option: { name: 'Get' } },
	getAll: { value: 'getAll', does: 'list', outcome: 'fetched', usesInvoiceId: false, option: { name: 'Get Many' } },
	cancel: write('cancel', 'Cancel', 'cancel', 'cancelled', 'would_cancel'),
} satisfies Record<string, Verb>;

/** The shared part of an operation, with its entry in the Operation list complete. */
export type SharedPart = Pick<InvoiceOperation, 'value' | 'action' | 'outcome' | 'dryRunOutcome' | 'usesInvoiceId' | 'option' | 'resource' | 'reversible'>;

/**
 * An operation's shared part, with the description its node shows in the Operation list (where
 * each provider gives its own advice, e.g. prefer Void over Delete), worded for `resource`
 * (`void invoice`, `Void an invoice`; a list: `list invoices`, `Get many invoices`).
 */
export function verb(name: keyof typeof VERBS, description: string, resource: Resource = INVOICE): SharedPart {
	const { does, option, ...rest }: Verb = VERBS[name];
	const [one, many] = resource.noun;
	const listed = rest.usesInvoiceId ? `${option.name.charAt(0)}${option.name.slice(1).toLowerCase()} ${resource.one}` : `Get many ${many}`;
	return {
		...rest,
		action: `${does} ${rest.usesInvoiceId ? one : many}`,
		option: { ...option, description, action: listed },
		...(resource === INVOICE ? {} : { resource }),
	};
}

/** The values of the write verbs: the operations Dry Run and the write-only options show for. */
export const WRITE_VERBS = Object.values(VERBS as Record<string, Verb>)
	.filter((candidate) => candidate.dryRunOutcome !== undefined)
	.map(({ value }) => value);
