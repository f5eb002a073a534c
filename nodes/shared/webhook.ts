import { createHash, timingSafeEqual } from 'node:crypto';

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Compares a secret the caller sent with the one expected in constant time: both sides are
 * hashed first, so the comparison neither stops at the first differing byte nor reveals the
 * expected secret's length.
 */
export function secretsEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/**
 * Answers the delivery itself and starts no execution: n8n runs the workflow only when
 * `webhook()` returns `workflowData`.
 */
export function refuseDelivery(
	context: IWebhookFunctions,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.status(status).json({ message });
	return { noWebhookResponse: true };
}

/** A delivery that is genuine but not wanted (an event type not selected): 200, no execution. */
export function ignoreDelivery(context: IWebhookFunctions, message: string): IWebhookResponseData {
	return refuseDelivery(context, 200, message);
}

/**
 * The request body exactly as it arrived. n8n keeps it as `rawBody` (a Buffer) and can read it
 * on demand with `readRawBody()`; a signature must be checked over these bytes, never over
 * re-serialised JSON.
 */
export async function rawBodyOf(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject() as unknown as {
		rawBody?: Buffer | string;
		readRawBody?: () => Promise<void>;
	};
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') await request.readRawBody();
	const raw = request.rawBody;
	if (raw === undefined || raw === null) return undefined;
	return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}
