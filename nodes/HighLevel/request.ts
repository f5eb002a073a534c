import type { IDataObject } from 'n8n-workflow';

import type { OperationContext } from '../shared/types';
import { ALT_TYPE } from './options';

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
