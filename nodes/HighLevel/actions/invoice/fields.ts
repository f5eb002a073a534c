import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationContext, ProviderResponse } from '../../../shared/types';

/** `altType`'s only value in HighLevel's invoice API. */
const ALT_TYPE = 'location';

/** Location ID and Alt Type, shown for every operation: HighLevel scopes each invoice call by them. */
export const locationProperties: INodeProperties[] = [
	{
		displayName: 'Location ID',
		name: 'altId',
		type: 'string',
		default: '',
		placeholder: 've9EPM428h8vShlRW1KT',
		description:
			'The sub-account (location) the invoice belongs to. Leave empty to use the Location ID of the Private Integration credential, or the location chosen when the OAuth2 credential was connected.',
	},
	{
		displayName: 'Alt Type',
		name: 'altType',
		type: 'options',
		options: [{ name: 'Location', value: ALT_TYPE }],
		default: ALT_TYPE,
		description: 'What the Location ID names. HighLevel accepts only a location (sub-account) here.',
	},
];

function text(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	return '';
}

/**
 * The location the item acts in: the Location ID parameter, else the token credential's
 * `locationId`, else the `locationId` HighLevel put in the OAuth2 token. Refuses the item
 * before any request when there is none, since HighLevel cannot find an invoice without it.
 */
async function locationIdOf(context: OperationContext): Promise<string> {
	const given = text(context.param<unknown>('altId', ''));
	if (given) return given;
	const credentials = await context.credentials();
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const fallback = text(credentials.locationId) || text(tokenData.locationId);
	if (fallback) return fallback;
	return context.refuse(
		'No HighLevel location: the parameter "Location ID" is empty and the credential has none',
		'Set "Location ID" (altId) on the node, give the Private Integration credential its Location ID, or connect the OAuth2 credential to a sub-account (an agency-level connection carries no location).',
	);
}

/** `altId` and `altType` for the item, checked before any request (a dry run included). */
export async function locationScope(context: OperationContext): Promise<{ altId: string; altType: string }> {
	const altType = text(context.param<unknown>('altType', ALT_TYPE)) || ALT_TYPE;
	if (altType !== ALT_TYPE) {
		context.refuse(`The parameter "Alt Type" is "${altType}"; HighLevel accepts only "${ALT_TYPE}"`);
	}
	return { altId: await locationIdOf(context), altType };
}

/** The check every HighLevel operation runs before any request. */
export async function validateLocation(context: OperationContext): Promise<void> {
	await locationScope(context);
}

/** `GET /invoices/{id}`: the invoice as HighLevel has it now. */
export async function currentInvoice(context: OperationContext): Promise<IDataObject | null> {
	const response = await context.send({
		method: 'GET',
		path: ['invoices', context.invoiceId],
		query: await locationScope(context),
	});
	return response.body as IDataObject | null;
}

/**
 * Fails the item unless HighLevel's answer is this invoice (same `_id`) and shows `expected`:
 * a 2xx from anything else, e.g. a proxy, is never reported as a change.
 */
export function confirmInvoice(
	context: OperationContext,
	response: ProviderResponse,
	expected: (invoice: IDataObject) => boolean,
	what: string,
): void {
	const invoice = response.body as IDataObject | null;
	const aboutThisInvoice = invoice !== null && typeof invoice === 'object' && invoice._id === context.invoiceId;
	context.confirm(
		response,
		aboutThisInvoice && expected(invoice),
		aboutThisInvoice ? `the invoice it returned is not ${what}` : 'it did not return this invoice',
	);
}
