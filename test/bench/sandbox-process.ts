import { nodeProcess } from '../harness/node';

import { ChargebeeSandbox } from '../sandbox/chargebee';

/**
 * The Chargebee sandbox in a process of its own, so that in the benchmark the server's CPU is
 * not taken from the n8n engine under test. Driven by IPC messages from bench.ts.
 */
export type SandboxCommand =
	| { command: 'seed'; prefix: string; count: number; customerId?: string }
	| { command: 'rateLimit'; requestsPerSecond: number | null }
	| { command: 'stats' };

export interface SandboxStats {
	requests: number;
	/** Requests since the previous `stats`. */
	lastRequests: number;
	applied: number;
	appliedTwice: number;
	rateLimited: number;
}

async function main() {
	const sandbox = await ChargebeeSandbox.start();
	let requests = 0;
	const answer = (message: unknown) => nodeProcess.send?.(message);

	nodeProcess.on('message', (message: SandboxCommand) => {
		if (message.command === 'seed') {
			const customer = message.customerId ? { customer_id: message.customerId } : {};
			for (let index = 0; index < message.count; index++) sandbox.addInvoice({ id: `${message.prefix}${index}`, ...customer });
			answer({ ok: true });
		} else if (message.command === 'rateLimit') {
			sandbox.server.rateLimit =
				message.requestsPerSecond === null ? undefined : { requests: message.requestsPerSecond, perMilliseconds: 1000 };
			sandbox.server.rateLimited = 0;
			answer({ ok: true });
		} else if (message.command === 'stats') {
			// The request log only grows: count it, then drop it.
			const lastRequests = sandbox.requests.length;
			requests += lastRequests;
			sandbox.requests.length = 0;
			const counts = [...sandbox.applied.values()];
			const stats: SandboxStats = {
				requests,
				lastRequests,
				applied: counts.reduce((sum, count) => sum + count, 0),
				appliedTwice: counts.filter((count) => count > 1).length,
				rateLimited: sandbox.server.rateLimited,
			};
			answer(stats);
		}
	});
	nodeProcess.on('disconnect', () => void sandbox.close().then(() => nodeProcess.exit(0)));
	answer({ url: sandbox.url, apiKey: sandbox.apiKey });
}

void main();
