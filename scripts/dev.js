// `npm run dev`: this package inside a real n8n, against the provider sandboxes, with example
// workflows. Dependency-free CommonJS like run.js. The test suites' drivers sit next to them
// (test/e2e/driver.js, test/e2e/queue/driver.js, test/bench/driver.js).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { CACHE, TEST_BUILD, buildTests, log } = require('./run.js');
const { N8N, checkPackContents, ensureN8n, installPackage, n8nBin, n8nCli, n8nEnv, pack, startN8n, stop } = require('./n8n.js');

const EDITOR_PORT = Number(process.env.N8N_PORT ?? 5678);
/** The active example workflow "Chargebee invoice deleted -> ChartMogul delete" (test/sandbox/serve.ts). */
const MIRROR_WORKFLOW_ID = 'iopsMirrorCbCm01';
/** The sandboxes' state endpoint (test/sandbox/serve.ts). */
const statePort = () => Number(process.env.SANDBOX_STATE_PORT ?? 4009);
/** The sandbox's owner account, so the editor opens without a sign-up form. */
const OWNER = { email: 'owner@invoice-ops.test', firstName: 'Invoice', lastName: 'Ops', password: 'InvoiceOps-sandbox-1' };

/** Starts test/sandbox/serve.js; resolves once it printed `ready`. */
async function startSandboxes(importsFolder) {
	const child = spawn(process.execPath, [path.join(TEST_BUILD, 'test', 'sandbox', 'serve.js'), '--imports', importsFolder], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	await new Promise((resolve, reject) => {
		let seen = '';
		child.stdout.on('data', (chunk) => {
			process.stdout.write(chunk);
			seen += chunk;
			if (seen.includes('ready\n')) resolve();
		});
		void exited.then((outcome) => reject(new Error(`the sandboxes exited (${outcome})`)));
	});
	return { child, exited };
}

/** Creates the owner account through n8n's REST API unless it exists (first start of a user folder). */
async function setUpOwner(port) {
	const settings = await (await fetch(`http://127.0.0.1:${port}/rest/settings`)).json();
	if (!settings.data.userManagement.showSetupOnFirstLoad) return;
	const response = await fetch(`http://127.0.0.1:${port}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok) throw new Error(`owner set-up answered ${response.status}`);
}

/** Signs in as the owner; returns the session cookie. */
async function signIn(port) {
	const response = await fetch(`http://127.0.0.1:${port}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
	});
	if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
	return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

/** The package's node types the running editor serves, to prove n8n loaded the package. */
async function loadedNodeTypes(port) {
	const response = await fetch(`http://127.0.0.1:${port}/types/nodes.json`, { headers: { cookie: await signIn(port) } });
	if (!response.ok) throw new Error(`/types/nodes.json answered ${response.status}`);
	return (await response.json()).map((type) => type.name).filter((name) => name.startsWith('n8n-nodes-invoice-ops.'));
}

const until = async (what, check, timeoutMs = 60_000) => {
	for (let waited = 0; !(await check()); waited += 250) {
		if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
};

/**
 * The mirror example end to end, as README's walkthrough does it: once n8n registered the
 * trigger's endpoint in the Chargebee sandbox, delete cb_inv_1010 there (through the sandbox
 * endpoint on the state port) and wait until it is gone from the ChartMogul sandbox.
 */
async function checkMirror(imports) {
	const credentials = JSON.parse(fs.readFileSync(path.join(imports, 'credentials.json'), 'utf8'));
	const chargebee = credentials.find((credential) => credential.type === 'invoiceOpsChargebeeApi').data;
	const auth = `Basic ${Buffer.from(`${chargebee.apiKey}:`).toString('base64')}`;
	const hook = `/webhook/${MIRROR_WORKFLOW_ID}-hook/webhook`;
	await until('the mirror trigger registered in the Chargebee sandbox', async () => {
		const answer = await fetch(`${chargebee.baseUrl}/api/v2/webhook_endpoints`, { headers: { Authorization: auth } });
		const { list } = await answer.json();
		return list.some(({ webhook_endpoint: endpoint }) => endpoint.url.endsWith(hook));
	});
	const deleted = await fetch(`http://127.0.0.1:${statePort()}/chargebee/invoices/cb_inv_1010/delete`, { method: 'POST' });
	if (!deleted.ok) throw new Error(`deleting cb_inv_1010 in the Chargebee sandbox answered ${deleted.status}`);
	await until('cb_inv_1010 deleted in the ChartMogul sandbox', async () => {
		const state = await (await fetch(`http://127.0.0.1:${statePort()}/`)).json();
		return !state.chartMogul.invoices.some((invoice) => invoice.external_id === 'cb_inv_1010');
	});
	log('mirror example: cb_inv_1010 deleted in the Chargebee sandbox is gone from the ChartMogul sandbox');
}

/**
 * `n8n execute --rawOutput` of one workflow: the run it printed (through its logger at level
 * info, pretty-printed from a line `{` to a line `}`), or an error with everything printed.
 */
async function executeWorkflow(target, userFolder, workflowId) {
	const env = { ...n8nEnv(target, userFolder, EDITOR_PORT), N8N_LOG_LEVEL: 'info' };
	const child = spawn(target.node(), [n8nBin(target), 'execute', `--id=${workflowId}`, '--rawOutput'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let printed = '';
	child.stdout.on('data', (chunk) => (printed += chunk));
	child.stderr.on('data', (chunk) => (printed += chunk));
	const [code, signal] = await new Promise((resolve) => child.once('close', (...ended) => resolve(ended)));
	const json = /^\{$[\s\S]*?^\}$/m.exec(printed);
	const run = json ? JSON.parse(json[0]) : undefined;
	// n8n's CLI now and then dies of SIGSEGV on shutdown after printing the finished run (see
	// test/e2e/n8n.ts): a run printed as a success counts.
	if (run?.status !== 'success' || (code !== 0 && signal === null)) {
		throw new Error(`n8n execute --id=${workflowId} exited with ${code ?? signal}:\n${printed.slice(-4000)}`);
	}
	return run;
}

/**
 * The drift sweep example once, in Dry Run as shipped (docs/drift-sweep.md): it must predict
 * `would_disable` for exactly the drift test/sandbox/serve.ts seeded, and change nothing.
 */
async function checkDriftSweep(target, userFolder, imports) {
	const drift = JSON.parse(fs.readFileSync(path.join(imports, 'drift.json'), 'utf8'));
	const chartMogulState = async () => JSON.stringify((await (await fetch(`http://127.0.0.1:${statePort()}/`)).json()).chartMogul);
	const before = await chartMogulState();
	const run = await executeWorkflow(target, userFolder, drift.workflowId);
	const runs = run.data.resultData.runData[drift.nodes.action] ?? [];
	const items = runs.flatMap((nodeRun) => nodeRun.data?.main[0] ?? []).map((item) => item.json);
	const predicted = items.map((item) => `${item.invoiceId}: ${item.outcome}${item.dryRun ? ' (dry run)' : ''}`).sort();
	const expected = drift.drifted.map((uuid) => `${uuid}: would_disable (dry run)`).sort();
	if (JSON.stringify(predicted) !== JSON.stringify(expected)) {
		throw new Error(`the drift sweep predicted\n  ${predicted.join('\n  ') || '(nothing)'}\ninstead of\n  ${expected.join('\n  ')}`);
	}
	if ((await chartMogulState()) !== before) throw new Error('the drift sweep changed the ChartMogul sandbox in Dry Run');
	const summary = run.data.resultData.runData[drift.nodes.summary]?.[0]?.data?.main[0]?.[0]?.json;
	log(`drift sweep (Dry Run): would disable ${drift.drifted.join(', ')}; summary ${JSON.stringify(summary)}`);
}

/**
 * `npm run dev [-- --check]`: sandboxes + n8n with the package, credentials and example
 * workflows, editor on http://localhost:5678. With --check: run the drift sweep once in Dry Run
 * (before n8n starts: `n8n execute` is a second n8n on the same database), then stop once the
 * editor answers and the mirror example has mirrored one deletion.
 */
async function dev(args) {
	const check = args.includes('--check');
	const target = N8N.current;
	const userFolder = path.join(CACHE, 'n8n-user');
	const imports = path.join(CACHE, 'dev-imports');
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	// The user folder keeps the database (owner, credentials, workflows, executions) between runs;
	// only the package itself is replaced.
	buildTests();
	ensureN8n(target);
	const tarball = pack();
	checkPackContents();
	fs.mkdirSync(nodesFolder, { recursive: true });
	installPackage(tarball, userFolder, target);
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	const sandboxes = await startSandboxes(imports);
	let n8n;
	try {
		n8nCli(target, userFolder, EDITOR_PORT, ['import:credentials', `--input=${path.join(imports, 'credentials.json')}`]);
		n8nCli(target, userFolder, EDITOR_PORT, ['import:workflow', `--input=${path.join(imports, 'workflows.json')}`]);
		// The mirror example (test/sandbox/serve.ts) runs on its trigger: published, it is active at start.
		n8nCli(target, userFolder, EDITOR_PORT, ['publish:workflow', `--id=${MIRROR_WORKFLOW_ID}`]);
		if (check) await checkDriftSweep(target, userFolder, imports);
		n8n = await startN8n(target, userFolder, EDITOR_PORT);
		await setUpOwner(EDITOR_PORT);
		const types = await loadedNodeTypes(EDITOR_PORT);
		if (types.length === 0) throw new Error('n8n did not load n8n-nodes-invoice-ops');
		log(`n8n ${target.version} loaded ${types.join(', ')}`);
		log(`editor: http://localhost:${EDITOR_PORT}  (sign in as ${OWNER.email} / ${OWNER.password})`);
		if (check) {
			await checkMirror(imports);
			return;
		}
		log('open one of the example workflows, click "Execute workflow"; Ctrl+C stops n8n and the sandboxes');
		await new Promise((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
			void n8n.exited.then(resolve);
		});
	} finally {
		if (n8n) await stop(n8n);
		await stop(sandboxes);
	}
}

module.exports = { dev };
