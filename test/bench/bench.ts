/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-require-imports, no-console -- a benchmark script that prints, run by Node itself, never inside n8n: it loads n8n's own HTTP Request node and axios to compare against */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { delay, fork, join, nodeProcess, performance, writeFileSync, type ChildProcess } from '../harness/node';

import { TestCredentialsHelper } from '../harness/credentials-helper';
import { credentialTypes } from '../harness/package';
import { runNode, type RunNodeResult } from '../harness/engine';
import { testNodeTypes } from '../transport/test-nodes';
import type { SandboxCommand, SandboxStats } from './sandbox-process';

/**
 * `npm run bench`: the shared transport against n8n's HTTP Request node and a bare axios loop,
 * all through n8n-core's real WorkflowExecute against the Chargebee sandbox (in its own process).
 * Prints a report; asserts nothing (the tests in test/transport/ do).
 */

// Compiled to .cache/bench-build/test/bench/: the project is four folders up.
const PROJECT_ROOT = join(__dirname, '..', '..', '..', '..');
const NODES_BASE = join(PROJECT_ROOT, '.cache', 'bench', 'node_modules', 'n8n-nodes-base', 'dist');

const CONCURRENCY = 8;
const DELETES = Number(nodeProcess.env.BENCH_DELETES ?? 10_000);
const PACED_ITEMS = Number(nodeProcess.env.BENCH_PACED_ITEMS ?? 2_000);
const RATE = Number(nodeProcess.env.BENCH_RATE ?? 100);
/** Which parts to run, e.g. `BENCH_PARTS=b npm run bench`. */
const PARTS = nodeProcess.env.BENCH_PARTS ?? 'abce';
/** Invoices Get Many returns in part (e). */
const LISTED = Number(nodeProcess.env.BENCH_LISTED ?? 10_000);
/** Chargebee's largest list page, which Get Many asks for. */
const CHARGEBEE_PAGE = 100;
/** CPU n8n 2.41.1 spends per credential resolution (DB read, decryption, expressions), as measured in real n8n (docs/performance.md). */
const N8N_RESOLUTION_CPU_MS = 2.5;

class SandboxClient {
	private pending: Array<(message: unknown) => void> = [];

	private constructor(
		private readonly child: ChildProcess,
		readonly url: string,
		readonly apiKey: string,
	) {
		child.on('message', (message) => this.pending.shift()?.(message));
	}

	static async start(): Promise<SandboxClient> {
		const child = fork(join(__dirname, 'sandbox-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		const hello = await new Promise<{ url: string; apiKey: string }>((resolve) => child.once('message', resolve as never));
		return new SandboxClient(child, hello.url, hello.apiKey);
	}

	async ask<T>(command: SandboxCommand): Promise<T> {
		const answer = new Promise<T>((resolve) => this.pending.push(resolve as (message: unknown) => void));
		this.child.send(command);
		return await answer;
	}

	credentials(): ICredentialDataDecryptedObject {
		return { site: 'bench', apiKey: this.apiKey, baseUrl: this.url };
	}

	stop() {
		this.child.disconnect();
	}
}

/**
 * n8n's per-request credential cost, which the test harness (no database, no encryption) lacks:
 * every resolution burns the CPU time real n8n 2.41.1 was measured to spend.
 */
class RealCostCredentialsHelper extends TestCredentialsHelper {
	override async getDecrypted(...args: Parameters<TestCredentialsHelper['getDecrypted']>): Promise<ICredentialDataDecryptedObject> {
		const until = performance.now() + N8N_RESOLUTION_CPU_MS;
		while (performance.now() < until) {
			// busy: the cost is CPU on the event loop, as in n8n
		}
		return await super.getDecrypted(...args);
	}
}

type CostModel = 'harness' | 'real';

function loadHttpRequestNode(): Map<string, INodeType | IVersionedNodeType> {
	const { HttpRequest } = require(join(NODES_BASE, 'nodes', 'HttpRequest', 'HttpRequest.node.js')) as {
		HttpRequest: new () => IVersionedNodeType;
	};
	return new Map([['n8n-nodes-base.httpRequest', new HttpRequest()]]);
}

let extraNodeTypesLoaded: Map<string, INodeType | IVersionedNodeType> | undefined;
/** Loaded on first use, so that part (e) alone runs without n8n-nodes-base. */
const extraNodeTypes = () => (extraNodeTypesLoaded ??= new Map([...testNodeTypes, ...loadHttpRequestNode()]));

/**
 * CPU per credential resolution: as the harness does it, and with n8n-core's own Cipher
 * decrypting the stored data (aes-256-cbc, how n8n stores credentials) on top. What real n8n adds
 * beyond these (reading the credential from its database, ...) is not available here.
 */
async function resolutionCost(sandbox: SandboxClient): Promise<{ harnessMs: number; cipherMs: number }> {
	const { Cipher } = require('n8n-core/dist/encryption/cipher') as {
		Cipher: new (...args: unknown[]) => { encryptV2(data: object, key: string): Promise<string>; decryptV2(data: string, key: string): Promise<string> };
	};
	const cipher = new Cipher({}, {});
	const key = 'bench-instance-encryption-key';
	const type = 'invoiceOpsChargebeeApi';
	const store = new Map([['c1', { id: 'c1', name: 'c', type, data: sandbox.credentials() }]]);
	const helper = new TestCredentialsHelper(new Map(credentialTypes().map((credential) => [credential.name, credential])), store);
	const encrypted = await cipher.encryptV2(sandbox.credentials(), key);
	const resolve = async () => await helper.getDecrypted({} as never, { id: 'c1', name: 'c' }, type, 'manual');
	const timeIt = async (once: () => Promise<unknown>) => {
		const rounds = 2000;
		const started = performance.now();
		for (let round = 0; round < rounds; round++) await once();
		return (performance.now() - started) / rounds;
	};
	await timeIt(resolve);
	const harnessMs = await timeIt(resolve);
	const cipherMs = await timeIt(async () => {
		JSON.parse(await cipher.decryptV2(encrypted, key));
		return await resolve();
	});
	return { harnessMs, cipherMs };
}

let seedCounter = 0;
async function seed(sandbox: SandboxClient, count: number, customerId?: string): Promise<string[]> {
	const prefix = `b${++seedCounter}_`;
	await sandbox.ask({ command: 'seed', prefix, count, customerId });
	return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

function helperFor(cost: CostModel) {
	return cost === 'real'
		? (...args: ConstructorParameters<typeof TestCredentialsHelper>) => new RealCostCredentialsHelper(...args)
		: undefined;
}

interface Measured {
	seconds: number;
	succeeded: number;
	failed: number;
	/** CPU time of this (the n8n) process per item: less sensitive to other load on the machine than items/s. */
	cpuMsPerItem: number;
}

/** Times `run` in wall and CPU time; n8n's own error log lines (a 429 storm) are kept off the report. */
async function measure(count: number, run: () => Promise<{ succeeded: number; failed: number }>): Promise<Measured> {
	const log = console.error;
	console.error = () => undefined;
	const cpu = nodeProcess.cpuUsage();
	const started = performance.now();
	try {
		const counted = await run();
		const seconds = (performance.now() - started) / 1000;
		const used = nodeProcess.cpuUsage(cpu);
		return { seconds, ...counted, cpuMsPerItem: (used.user + used.system) / 1000 / count };
	} finally {
		console.error = log;
	}
}

function countOutputs(result: RunNodeResult, total: number): { succeeded: number; failed: number } {
	if (result.error && result.items.length === 0) return { succeeded: 0, failed: total };
	const succeeded = result.items.filter((item) => item.json.success !== false && item.json.error === undefined).length;
	return { succeeded, failed: total - succeeded };
}

async function ourNode(
	sandbox: SandboxClient,
	count: number,
	options: Record<string, unknown>,
	cost: CostModel,
	node = 'chargebee',
): Promise<Measured> {
	const ids = await seed(sandbox, count);
	return await measure(count, async () => {
		const result = await runNode({
			node,
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', comment: 'bench', options } as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
			continueOnFail: true,
			extraNodeTypes: extraNodeTypes(),
			credentialsHelper: helperFor(cost),
		});
		return countOutputs(result, count);
	});
}

async function httpRequestNode(sandbox: SandboxClient, count: number, cost: CostModel, continueOnFail = false): Promise<Measured> {
	const ids = await seed(sandbox, count);
	return await measure(count, async () => {
		const result = await runNode({
			node: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `=${sandbox.url}/api/v2/invoices/{{ $json.id }}/delete`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'invoiceOpsChargebeeApi',
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: { parameters: [{ name: 'comment', value: 'bench' }] },
				options: {},
			} as never,
			credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
			items: ids.map((id) => ({ id })),
			continueOnFail,
			extraNodeTypes: extraNodeTypes(),
			credentialsHelper: helperFor(cost),
		});
		return countOutputs(result, count);
	});
}

async function bareAxios(sandbox: SandboxClient, count: number): Promise<Measured> {
	const ids = await seed(sandbox, count);
	return await measure(count, async () => {
		let next = 0;
		let succeeded = 0;
		const worker = async () => {
			while (next < ids.length) {
				const id = ids[next++];
				const response = await axios.post(`${sandbox.url}/api/v2/invoices/${encodeURIComponent(id)}/delete`, 'comment=bench', {
					auth: { username: sandbox.apiKey, password: '' },
					headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
					validateStatus: () => true,
				});
				if (response.status === 200) succeeded++;
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		return { succeeded, failed: count - succeeded };
	});
}

const perSecond = (count: number, measured: Measured) => count / measured.seconds;
const fixed = (value: number, digits = 0) => value.toFixed(digits);

/** A full collection (needs `node --expose-gc`, which `npm run bench` passes), twice for finalizers. */
function gc() {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (!collect) throw new Error('run with node --expose-gc');
	collect();
	collect();
}

async function main() {
	const sandbox = await SandboxClient.start();
	const say = (line: string) => console.log(line);
	say(`# Benchmark: n8n-core ${require('n8n-core/package.json').version}, Node ${nodeProcess.versions.node}, sandbox in its own process on 127.0.0.1`);

	// Warm up JIT, sockets and module loading for every client (part d warms up on its own).
	if (/[abc]/.test(PARTS)) {
		await ourNode(sandbox, 300, { concurrency: CONCURRENCY }, 'harness');
		await httpRequestNode(sandbox, 300, 'harness');
		await bareAxios(sandbox, 300);
	}

	if (PARTS.includes('a')) await partA(sandbox, say);
	if (PARTS.includes('b')) await partB(sandbox, say);
	if (PARTS.includes('c')) await partC(sandbox, say);
	if (PARTS.includes('e')) await partE(sandbox, say);

	const stats = await sandbox.ask<SandboxStats>({ command: 'stats' });
	say(`\nSandbox: ${stats.requests} requests, ${stats.applied} deletes applied, ${stats.appliedTwice} invoices changed twice.`);
	sandbox.stop();
	// For the one table of targets `npm run bench -- --n8n` prints at the end (test/bench/driver.js).
	if (nodeProcess.env.BENCH_SUMMARY) writeFileSync(nodeProcess.env.BENCH_SUMMARY, JSON.stringify(summary));
}

/** Figures test/bench/driver.js puts in its closing table. */
const summary: { memoryBytesPerItem?: number } = {};

type Say = (line: string) => void;

async function partA(sandbox: SandboxClient, say: Say) {
	say(`\n## (a) ${DELETES} deletes, no rate limit, concurrency ${CONCURRENCY} (the HTTP Request node: its default, all items at once)`);
	const cost = await resolutionCost(sandbox);
	say(`\nCPU per credential resolution: test harness ${fixed(cost.harnessMs, 3)} ms; with n8n-core's Cipher decryption ${fixed(cost.cipherMs, 3)} ms; real n8n 2.41.1 (database read, decryption, expressions; measured in real n8n) about ${N8N_RESOLUTION_CPU_MS} ms.`);
	for (const model of ['harness', 'real'] as const) {
		const label = model === 'harness'
			? 'credential resolution as the test harness does it (no database, no decryption)'
			: `credential resolution costing ${N8N_RESOLUTION_CPU_MS} ms CPU, as measured in n8n 2.41.1`;
		say(`\n### ${label}`);
		const ours = await ourNode(sandbox, DELETES, { concurrency: CONCURRENCY }, model);
		const http = await httpRequestNode(sandbox, DELETES, model);
		const bare = await bareAxios(sandbox, DELETES);
		say('| client | items/s | vs HTTP Request node | vs bare axios | failed | n8n process CPU ms/item |');
		say('|---|---|---|---|---|---|');
		const row = (name: string, measured: Measured) =>
			say(`| ${name} | ${fixed(perSecond(DELETES, measured))} | ${fixed(perSecond(DELETES, measured) / perSecond(DELETES, http), 2)}x | ${fixed(perSecond(DELETES, measured) / perSecond(DELETES, bare), 2)}x | ${measured.failed} | ${fixed(measured.cpuMsPerItem, 2)} |`);
		row('this node (credential read once, every request through httpRequestWithAuthentication)', ours);
		row("n8n's HTTP Request node 4.2 (predefined credential)", http);
		row('bare axios loop', bare);
	}
}

async function partB(sandbox: SandboxClient, say: Say) {
	say(`\n## (b) sandbox limited to ${RATE} requests/s (sliding 1 s window, 429 + Retry-After), ${PACED_ITEMS} items; ideal N/R = ${fixed(PACED_ITEMS / RATE, 1)} s`);
	await sandbox.ask({ command: 'rateLimit', requestsPerSecond: RATE });
	say('| client | wall s | wall / (N/R) | failed items | 429s seen |');
	say('|---|---|---|---|---|');
	const paced = async (name: string, run: () => Promise<Measured>) => {
		const before = await sandbox.ask<SandboxStats>({ command: 'stats' });
		// Start each run with a full window, as a fresh minute would.
		await delay(1100);
		const measured = await run();
		const after = await sandbox.ask<SandboxStats>({ command: 'stats' });
		say(`| ${name} | ${fixed(measured.seconds, 1)} | ${fixed(measured.seconds / (PACED_ITEMS / RATE), 3)} | ${measured.failed} | ${after.rateLimited - before.rateLimited} |`);
	};
	await paced(`this node, Max Requests per Second = ${RATE}`, async () => await ourNode(sandbox, PACED_ITEMS, { concurrency: CONCURRENCY, maxRequestsPerSecond: RATE }, 'harness'));
	await paced('this node, defaults (no pacing: retries on Retry-After)', async () => await ourNode(sandbox, PACED_ITEMS, {}, 'harness'));
	await paced("n8n's HTTP Request node, default settings", async () => await httpRequestNode(sandbox, PACED_ITEMS, 'harness'));
	await paced("n8n's HTTP Request node, On Error: Continue", async () => await httpRequestNode(sandbox, PACED_ITEMS, 'harness', true));
	await sandbox.ask({ command: 'rateLimit', requestsPerSecond: null });
}

async function partC(sandbox: SandboxClient, say: Say) {
	say(`\n## (c) memory per item (${DELETES} deletes, heap after a full GC)`);
	gc();
	const baseline = nodeProcess.memoryUsage().heapUsed;
	const ids = await seed(sandbox, DELETES);
	const result = await runNode({
		node: 'chargebee',
		parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', options: { concurrency: CONCURRENCY } } as never,
		credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
		items: ids.map((id) => ({ id })),
	});
	gc();
	const withOutputs = nodeProcess.memoryUsage().heapUsed - baseline;
	const outputs = result.items.length;
	result.items.length = 0;
	result.run.data.resultData.runData = {};
	gc();
	const afterRelease = nodeProcess.memoryUsage().heapUsed - baseline;
	say(`- retained while the ${outputs} output items are alive (input + output items, run data): ${fixed(withOutputs / DELETES)} bytes/item`);
	say(`- retained after the outputs are released (growth the node itself leaves): ${fixed(afterRelease / DELETES)} bytes/item`);
	summary.memoryBytesPerItem = withOutputs / DELETES;
}

/** Get Many, Return All: every page of one customer's invoices, one output item per invoice. */
async function getMany(sandbox: SandboxClient, customerId: string): Promise<RunNodeResult> {
	return await runNode({
		node: 'chargebee',
		parameters: { resource: 'invoice', operation: 'getAll', returnAll: true, filters: { customerId } } as never,
		credentials: { invoiceOpsChargebeeApi: sandbox.credentials() },
	});
}

async function partE(sandbox: SandboxClient, say: Say) {
	const expectedPages = Math.ceil(LISTED / CHARGEBEE_PAGE);
	say(`\n## (e) Get Many, Return All over ${LISTED} invoices (Chargebee, ${CHARGEBEE_PAGE} per page: ceil(N / page size) = ${expectedPages} pages)`);
	await seed(sandbox, 300, 'bench_warm');
	await getMany(sandbox, 'bench_warm');
	await seed(sandbox, LISTED, 'bench_list');
	await sandbox.ask<SandboxStats>({ command: 'stats' });
	gc();
	const baseline = nodeProcess.memoryUsage().heapUsed;
	let result: RunNodeResult | undefined;
	const measured = await measure(LISTED, async () => {
		result = await getMany(sandbox, 'bench_list');
		return { succeeded: result.items.length, failed: LISTED - result.items.length };
	});
	gc();
	const retained = nodeProcess.memoryUsage().heapUsed - baseline;
	const stats = await sandbox.ask<SandboxStats>({ command: 'stats' });
	say('| invoices returned | pages requested | expected pages | items/s | wall s | n8n process CPU ms/item | heap retained with the outputs, bytes/item |');
	say('|---|---|---|---|---|---|---|');
	say(`| ${result!.items.length} | ${stats.lastRequests} | ${expectedPages} | ${fixed(perSecond(LISTED, measured))} | ${fixed(measured.seconds, 2)} | ${fixed(measured.cpuMsPerItem, 3)} | ${fixed(retained / LISTED)} |`);
	if (result!.error) say(`(error: ${result!.error.message})`);
}

void main().catch((error: unknown) => {
	console.error(error);
	nodeProcess.exitCode = 1;
});
