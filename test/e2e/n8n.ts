/**
 * Drives the real n8n that `npm run test:e2e` installed: its CLI (import, publish, execute) and
 * `n8n start`. The command, user folder and port come from the environment test/e2e/driver.js sets.
 */
import { delay, join, mkdirSync, nodeProcess, spawn, writeFileSync, type ChildProcess } from '../harness/node';

import type { CredentialFile, WorkflowFile } from './workflows';

function fromEnv(name: string): string {
	const value = nodeProcess.env[name];
	if (!value) throw new Error(`${name} is not set: run the end-to-end suite with \`npm run test:e2e\``);
	return value;
}

/**
 * The environment of an n8n process the suite starts: the suite's own, without the
 * `NODE_ENV=test` jest sets for itself (n8n reads NODE_ENV, and with `test` it exits at once).
 */
export function n8nProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...nodeProcess.env, ...extra };
	if (env.NODE_ENV === 'test') delete env.NODE_ENV;
	return env;
}

const command = () => JSON.parse(fromEnv('E2E_N8N_COMMAND')) as [string, string];
export const n8nVersion = () => fromEnv('E2E_N8N_VERSION');
export const n8nPort = () => Number(fromEnv('N8N_PORT'));
const isV1 = () => n8nVersion().startsWith('1.');

export interface CliResult {
	code: number | null;
	/** The signal that ended n8n, if one did. */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Runs `n8n <args>` to completion (asynchronously: the sandboxes live in this process). */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
	const [node, bin] = command();
	const child = spawn(node, [bin, ...args], { env: n8nProcessEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
		child.once('close', (...ended) => resolve(ended)),
	);
	return { code, signal, stdout, stderr };
}

async function cliOrThrow(args: string[]): Promise<CliResult> {
	const result = await cli(args);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
	return result;
}

let imported = 0;

async function importFile(kind: 'credentials' | 'workflow', entries: CredentialFile[] | WorkflowFile[]) {
	const folder = join(fromEnv('N8N_USER_FOLDER'), 'e2e-imports');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `${kind}-${++imported}.json`);
	writeFileSync(file, JSON.stringify(entries, null, 2));
	await cliOrThrow([`import:${kind}`, `--input=${file}`]);
}

export const importCredentials = async (credentials: CredentialFile[]) => await importFile('credentials', credentials);
export const importWorkflows = async (workflows: WorkflowFile[]) => await importFile('workflow', workflows);

/** Makes an imported workflow's triggers live at the next start (2.x publishes, 1.x activates). */
export async function activate(workflowId: string) {
	await cliOrThrow(isV1() ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`]);
}

export interface Execution {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** The run as `n8n execute --rawOutput` printed it. */
	run?: {
		status: string;
		data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
	};
	output: string;
}

/**
 * `n8n execute --id=<id> --rawOutput`: exit code, the parsed run, and everything printed. n8n
 * prints the run through its logger at level info, pretty-printed: from a line `{` to a line `}`.
 */
export async function execute(workflowId: string): Promise<Execution> {
	const { code, signal, stdout, stderr } = await cli(['execute', `--id=${workflowId}`, '--rawOutput'], { N8N_LOG_LEVEL: 'info' });
	const json = /^\{$[\s\S]*?^\}$/m.exec(stdout);
	const run = json ? (JSON.parse(json[0]) as Execution['run']) : undefined;
	return { code, signal, run, output: `exit ${code ?? signal}\n${stdout}\n${stderr}` };
}

/**
 * Whether the workflow ran to success. n8n's CLI process now and then dies of SIGSEGV while
 * shutting down (in native code, after it printed the finished run; seen under load with
 * n8n 2.41.1 on Node 24): a run printed as `success` counts, with a note in the test log.
 */
export function succeeded(execution: Execution): boolean {
	if (execution.code === 0) return true;
	const printedSuccess = execution.signal !== null && execution.run?.status === 'success';
	if (printedSuccess) nodeProcess.stderr.write(`note: n8n exited by ${execution.signal} after printing a successful run\n`);
	return printedSuccess;
}

/** The items a node output on its first (main) output. */
export function outputOf(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.run?.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`no run data for "${nodeName}" in:\n${execution.output}`);
	return (runs[0].data?.main[0] ?? []).map((item) => item.json);
}

export interface RunningN8n {
	url: string;
	/** Everything n8n printed so far (stdout and stderr): its log. */
	log(): string;
	stop(): Promise<void>;
}

/**
 * Whether n8n finished starting: /healthz/readiness (2.x) answers ok once migrated and fully
 * started. n8n 1.x has no such endpoint (the editor's HTML answers instead); there the REST API,
 * registered last, tells.
 */
async function isReady(url: string): Promise<boolean> {
	const readiness = await fetch(`${url}/healthz/readiness`);
	if (readiness.headers.get('content-type')?.includes('json')) return readiness.ok;
	const settings = await fetch(`${url}/rest/settings`);
	return settings.ok && Boolean(settings.headers.get('content-type')?.includes('json'));
}

/** `n8n start`; resolves once it is ready. */
export async function startN8n(timeoutMs = 120_000): Promise<RunningN8n> {
	const url = `http://127.0.0.1:${n8nPort()}`;
	// Something already answering there would pass for this n8n: refuse instead.
	if (await fetch(url).then(() => true, () => false)) throw new Error(`port ${n8nPort()} is already in use (another n8n?)`);
	const [node, bin] = command();
	const child: ChildProcess = spawn(node, [bin, 'start'], { env: n8nProcessEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await closed;
	};
	for (let waited = 0; ; waited += 500) {
		if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}:\n${log}`);
		if (await isReady(url).catch(() => false)) break;
		if (waited > timeoutMs) {
			await stop();
			throw new Error(`n8n did not answer within ${timeoutMs / 1000} s:\n${log}`);
		}
		await delay(500);
	}
	return { url, log: () => log, stop };
}
