/** The ids every node is checked with: none may take a request off the invoice's own path. */
export const HOSTILE_IDS: Array<[label: string, id: string]> = [
	['a slash', 'a/b'],
	['a parent path', '../customers/x'],
	['a query', 'x?y=1'],
	['a fragment', 'x#y'],
	['an encoded slash', '%2F'],
	['unicode', 'rechnung-ü-発票-🧾'],
	['a space and a plus', 'inv 1+2'],
	['a backslash', 'a\\..\\b'],
	['a 10 KB id', 'x'.repeat(10 * 1024)],
];

/** Ids refused before any request, with the message part that names the parameter. */
export const REFUSED_IDS: Array<[label: string, id: string, message: RegExp]> = [
	['blank', '   ', /"Invoice ID" is empty/],
	['a single dot', '.', /"Invoice ID" cannot be "\."/],
	['a double dot', '..', /"Invoice ID" cannot be "\.\."/],
];
