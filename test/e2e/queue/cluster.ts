/**
 * n8n in queue mode as `npm run test:queue` (test/e2e/queue/driver.js) prepared it: Redis and PostgreSQL
 * are running and the package is installed in the user folder every process shares; this file
 * starts the main process and the workers (each in its own process group, so a test can kill one
 * with everything it started), reads the executions from PostgreSQL, and sends webhook
 * deliveries the way a billing system does.
 */
import { appendFileSync, delay, join, nodeProcess, openSync, readFileSync, spawn, spawnSync, type ChildProcess } from '../../harness/node';
import { n8nProcessEnv } from '../n8n';

function fromEnv(name: string): string {
	const value = nodeProcess.env[name];
	if (!value) throw new Error(`${name} is not set: run the queue-mode suite with \`npm run test:queue\``);
	return value;
}

/** Main listens on the base port, its task broker on +1; worker i on +2i (health) and +2i+1 (broker). */
export const basePort = () => Number(fromEnv('QUEUE_N8N_PORT'));
export const mainUrl = () => `http://127.0.0.1:${basePort()}`;

export interface N8nProcess {
	name: string;
	child: ChildProcess;
	logFile: string;
	/** Kills the process and everything it started (its task runner), at once. */
	kill(): void;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
	stop(graceMs?: number): Promise<void>;
	exited: Promise<void>;
}

function killGroup(pid: number, signal: NodeJS.Signals) {
	try {
		nodeProcess.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

function startProcess(name: string, args: string[], env: Record<string, string>): N8nProcess {
	const [node, bin] = JSON.parse(fromEnv('E2E_N8N_COMMAND')) as [string, string];
	const logFile = join(fromEnv('QUEUE_TEST_FOLDER'), `${name}.log`);
	const output = openSync(logFile, 'a');
	const child = spawn(node, [bin, ...args], { env: n8nProcessEnv(env), stdio: ['ignore', output, output], detached: true });
	const pid = child.pid!;
	// test/e2e/queue/driver.js kills these groups too, should this process die before its own clean-up.
	appendFileSync(fromEnv('QUEUE_PIDS_FILE'), `${pid}\n`);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const gone = () => child.exitCode !== null || child.signalCode !== null;
	return {
		name,
		child,
		logFile,
		exited,
		kill: () => killGroup(pid, 'SIGKILL'),
		async stop(graceMs = 15_000) {
			if (!gone()) {
				killGroup(pid, 'SIGTERM');
				// An unreferenced timer: it does not hold the test process once n8n is gone.
				await Promise.race([exited, delay(graceMs, undefined, { ref: false })]);
			}
			// Whatever is left of the group (n8n past its grace period, its task runner).
			killGroup(pid, 'SIGKILL');
			await exited;
		},
	};
}

async function waitReady(process: N8nProcess, url: string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (process.child.exitCode !== null) throw new Error(`${process.name} exited with ${process.child.exitCode}:\n${logTail(process)}`);
		const ready = await fetch(url).then((response) => response.ok, () => false);
		if (ready) return;
		if (Date.now() > deadline) throw new Error(`${process.name} was not ready within ${timeoutMs / 1000} s:\n${logTail(process)}`);
		await delay(500);
	}
}

export function logTail(process: N8nProcess, lines = 40): string {
	return readFileSync(process.logFile, 'utf8').split('\n').slice(-lines).join('\n');
}

/** `n8n start` in queue mode: takes the webhooks and puts executions on the queue. */
export async function startMain(timeoutMs = 180_000): Promise<N8nProcess> {
	const port = basePort();
	const main = startProcess('main', ['start'], {
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_LOG_LEVEL: 'info',
	});
	await waitReady(main, `http://127.0.0.1:${port}/healthz/readiness`, timeoutMs);
	return main;
}

/** `n8n worker` number `index` (1, 2, ...), ready once its health endpoint says so. */
export async function startWorker(index: number, concurrency: number, timeoutMs = 180_000): Promise<N8nProcess> {
	const healthPort = basePort() + 2 * index;
	const worker = startProcess(`worker-${index}`, ['worker', `--concurrency=${concurrency}`], {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(healthPort + 1),
		// Info level: a worker logs "Worker started execution <id>", which tells which worker ran what.
		N8N_LOG_LEVEL: 'info',
	});
	await waitReady(worker, `http://127.0.0.1:${healthPort}/healthz/readiness`, timeoutMs);
	return worker;
}

/** Execution ids a worker's log says it started. */
export function executionsStartedBy(process: N8nProcess): Set<string> {
	const started = new Set<string>();
	for (const match of readFileSync(process.logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)) started.add(match[1]);
	return started;
}

/** Runs SQL against n8n's database with psql; returns the rows, fields split on tabs. */
export function sql(query: string): string[][] {
	const result = spawnSync(
		fromEnv('QUEUE_PSQL'),
		['-h', '127.0.0.1', '-p', fromEnv('DB_POSTGRESDB_PORT'), '-U', 'postgres', '-d', fromEnv('DB_POSTGRESDB_DATABASE'), '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query],
		{ encoding: 'utf8' },
	);
	if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
	return result.stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('\t'));
}

/** The highest execution id so far (0 when none): executions of a phase are those above it. */
export function lastExecutionId(): number {
	return Number(sql('SELECT COALESCE(MAX(id), 0) FROM execution_entity')[0][0]);
}

export interface ExecutionRow {
	id: string;
	status: string;
	retryOf: string;
}

/** The executions of a workflow with an id above `after`. */
export function executionsOf(workflowId: string, after: number): ExecutionRow[] {
	if (!/^\w+$/.test(workflowId)) throw new Error(`unexpected workflow id ${workflowId}`);
	return sql(`SELECT id, status, COALESCE("retryOf", '') FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${Math.floor(after)} ORDER BY id`).map(
		([id, status, retryOf]) => ({ id, status, retryOf }),
	);
}

/**
 * Execution ids the main process reported as stalled: their job was held by a worker that
 * stopped renewing its lock (it died), and n8n 2.41.1 fails such a job instead of running it again.
 */
export function executionsStalled(main: N8nProcess): Set<string> {
	const stalled = new Set<string>();
	for (const match of readFileSync(main.logFile, 'utf8').matchAll(/job stalled more than maxStalledCount \(execution (\d+)\)/g)) stalled.add(match[1]);
	return stalled;
}

export function countBy<T>(values: T[], key: (value: T) => string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[key(value)] = (counts[key(value)] ?? 0) + 1;
	return counts;
}

/**
 * Waits until none of the workflow's executions above `after` is still new or running (the
 * webhook is answered by Respond to Webhook before n8n stores the finished run); returns them.
 */
export async function settledExecutions(workflowId: string, after: number, timeoutMs = 60_000): Promise<ExecutionRow[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = executionsOf(workflowId, after);
		if (!rows.some((row) => row.status === 'new' || row.status === 'running') || Date.now() > deadline) return rows;
		await delay(1_000);
	}
}

/**
 * Waits until n8n listens on the workflow's webhook: once registered for POST, n8n's answer to
 * a GET asks "Did you mean to make a POST request?".
 */
export async function webhookRegistered(path: string, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const answer = await fetch(`${mainUrl()}/webhook/${path}`).then((response) => response.text(), () => '');
		if (answer.includes('Did you mean to make a POST request')) return;
		if (Date.now() > deadline) throw new Error(`n8n did not register the webhook ${path} within ${timeoutMs / 1000} s`);
		await delay(500);
	}
}

export interface Answer {
	/** HTTP status; 0 when no answer came (timeout, connection closed). */
	status: number;
	json?: Record<string, unknown>;
	text: string;
	ms: number;
}

/** One POST of `body` to the webhook at `path`, answered or not within `timeoutMs`. */
export async function post(path: string, body: unknown, timeoutMs: number): Promise<Answer> {
	const started = Date.now();
	try {
		const response = await fetch(`${mainUrl()}/webhook/${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		let json: Record<string, unknown> | undefined;
		try {
			json = JSON.parse(text) as Record<string, unknown>;
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text: text.slice(0, 500), ms: Date.now() - started };
	} catch (error) {
		return { status: 0, text: String((error as Error).name ?? error), ms: Date.now() - started };
	}
}

export const isSuccess = (answer: Answer) => answer.status >= 200 && answer.status < 300;

/**
 * Sends every delivery as a webhook sender does: up to `maxAttempts` POSTs until one is answered
 * 2xx, `retryDelayMs` apart (Chargebee re-sends a delivery that was not answered 2xx). Returns
 * every answer, the last one last.
 */
export async function deliver(path: string, body: unknown, options: { timeoutMs: number; maxAttempts: number; retryDelayMs: number }): Promise<Answer[]> {
	const answers: Answer[] = [];
	for (let attempt = 1; ; attempt++) {
		const answer = await post(path, body, options.timeoutMs);
		answers.push(answer);
		if (isSuccess(answer) || attempt >= options.maxAttempts) return answers;
		await delay(options.retryDelayMs);
	}
}

/**
 * Runs `groups` in order with at most `concurrency` groups in flight; the deliveries of one group
 * leave at the same moment (a duplicate sent twice at once). Results keep the input's order.
 */
export async function runPool<T, R>(groups: T[][], concurrency: number, send: (item: T) => Promise<R>): Promise<R[][]> {
	const results: R[][] = new Array(groups.length);
	let next = 0;
	const lane = async () => {
		while (next < groups.length) {
			const index = next++;
			results[index] = await Promise.all(groups[index].map(send));
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, lane));
	return results;
}

/** A small seeded PRNG (mulberry32): the storm's shape is the same on every run. */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function shuffle<T>(values: T[], random: () => number): T[] {
	const copy = [...values];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

/**
 * The deliveries of a storm for `invoices` distinct ids and `deliveries` deliveries in all: every
 * invoice once, and `deliveries - invoices` of them twice; half of those twice at the same moment
 * (one group of two), the other half at another place in the storm.
 */
export function stormGroups(ids: string[], deliveries: number, random: () => number): string[][] {
	const duplicates = deliveries - ids.length;
	if (duplicates < 0 || duplicates > ids.length) throw new Error(`a storm of ${deliveries} deliveries for ${ids.length} invoices`);
	const twice = shuffle(ids, random).slice(0, duplicates);
	const together = new Set(twice.slice(0, Math.floor(duplicates / 2)));
	const groups = ids.map((id) => (together.has(id) ? [id, id] : [id]));
	for (const id of twice) if (!together.has(id)) groups.push([id]);
	return shuffle(groups, random);
}

export function numberFromEnv(name: string, fallback: number): number {
	const text = nodeProcess.env[name];
	if (text === undefined || text === '') return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${text}"`);
	return value;
}
