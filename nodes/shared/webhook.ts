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

/** How long and how many delivered event ids a trigger remembers. */
export interface DeliveryMemoryRule {
	/** The workflow static data field the ids are kept in (they survive restarts there). */
	field: string;
	/** An id is remembered until its event's time is older than this; older events are refused anyway. */
	windowMs: number;
	/** Ids kept in the workflow's static data (saved with the workflow after each delivery). */
	maxStored: number;
	/** Ids kept in this process's memory, per trigger. */
	maxInProcess: number;
}

/** A delivery's id held while it is being checked: `accept()` records it, `release()` forgets it. */
export interface DeliveryClaim {
	accept(): void;
	release(): void;
}

/**
 * Ids claimed or accepted in this n8n process, per workflow, node, field and mode, with their event's
 * time. n8n hands every webhook request its own copy of the workflow's static data and saves it
 * after answering, so two copies of one delivery arriving together would each miss the other
 * there; this map closes that gap inside one process. The static data carries the memory across
 * restarts. With several webhook processes, each has its own map (docs/triggers.md).
 */
const deliveredInProcess = new Map<string, Map<string, number>>();

/**
 * Ids claimed in this process whose delivery is still being checked (neither accepted nor
 * released), as `<memory key>:<id>`: a copy arriving meanwhile cannot be told "already
 * delivered" yet, since the first copy may still be refused.
 */
const checkingInProcess = new Set<string>();

/**
 * Per workflow, node, field and execution mode: "Test this trigger" (manual mode) receives its
 * own copy of a delivery, which must not use up the event id the active workflow (webhook mode)
 * still has to accept.
 */
function memoryKey(context: IWebhookFunctions, rule: DeliveryMemoryRule): string {
	return `${context.getMode()}:${context.getWorkflow().id ?? ''}:${context.getNode().id}:${rule.field}`;
}

/** Whether another copy of this delivery is being checked in this process right now. */
export function deliveryBeingChecked(context: IWebhookFunctions, rule: DeliveryMemoryRule, id: string): boolean {
	return checkingInProcess.has(`${memoryKey(context, rule)}:${id}`);
}

function dropOlder(ids: Map<string, number>, oldest: number, max: number): void {
	for (const [id, at] of ids) if (at < oldest) ids.delete(id);
	while (ids.size > max) ids.delete(ids.keys().next().value as string);
}

/**
 * Claims a delivery's event id for this trigger: `undefined` when the id was already accepted
 * (or is being checked right now) within `rule.windowMs` of `now`; else a claim the caller
 * accepts once the delivery starts the workflow, or releases when it is refused (so that the
 * provider's next attempt is checked again). `at` is the event's own time (epoch ms); callers
 * refuse events older than the window before asking, so remembering each id for the window is
 * enough to recognise every repeat of it.
 */
export function claimDelivery(
	context: IWebhookFunctions,
	rule: DeliveryMemoryRule,
	id: string,
	at: number,
	now: number,
): DeliveryClaim | undefined {
	const key = memoryKey(context, rule);
	let local = deliveredInProcess.get(key);
	if (!local) {
		local = new Map();
		deliveredInProcess.set(key, local);
	}
	const oldest = now - rule.windowMs;
	// Only the active workflow's memory is kept in static data: a test delivery must leave nothing
	// there that the active workflow would read as already delivered.
	const persistent = context.getMode() !== 'manual';
	const data = persistent ? (context.getWorkflowStaticData('node') as Record<string, Record<string, number> | undefined>) : {};
	const stored = data[rule.field] ?? {};
	const seen = (local.get(id) ?? -Infinity) >= oldest || (stored[id] ?? -Infinity) >= oldest;
	if (seen) return undefined;

	dropOlder(local, oldest, rule.maxInProcess);
	local.set(id, at);
	const claimed = local;
	const checking = `${key}:${id}`;
	checkingInProcess.add(checking);
	return {
		accept() {
			checkingInProcess.delete(checking);
			if (!persistent) return;
			const kept = Object.entries(data[rule.field] ?? {}).filter(([, time]) => time >= oldest);
			kept.push([id, at]);
			data[rule.field] = Object.fromEntries(kept.slice(-rule.maxStored));
		},
		release() {
			checkingInProcess.delete(checking);
			claimed.delete(id);
		},
	};
}
