// `npm run bench -- --n8n`: the figures only a real n8n gives, measured in the pinned release
// (installed into .cache/n8n on first use like `npm run dev`), with the package installed from
// its npm tarball the way users get it, against the Chargebee sandbox in a process of its own.
// Dependency-free CommonJS like run.js.
//
//   (a) 2,000 deletes run by `n8n execute`: this node vs n8n's HTTP Request node with the same
//       credential, timed by n8n's own `executionTime` of the node.
//   (b) 2,000 deletes under a strict 100 requests/s sandbox limit, this node with Max Requests
//       per Second = 100: the node's executionTime against the ideal N/R, failed items, 429s.
//   (d) `n8n start` with two published workflows, Webhook -> (this node | the HTTP Request
//       node) -> Respond to Webhook: latency of deliveries at 20 concurrent, both workflows
//       measured in alternating blocks so that load from elsewhere on the machine hits both.
//   (f) `n8n start` (regular mode): bursts of one-invoice webhook executions, 20 in flight,
//       against the sandbox limited to 20 requests/s: wall time / (useful requests / limit) and
//       429s, with Share Rate Budget off (each execution paces itself) and on, once with the
//       limit unknown to the node (learnt from 429s) and once with Max Requests per Second set.
//
// BENCH_N8N_PARTS (default abdf) picks the parts, e.g. `BENCH_N8N_PARTS=f npm run bench -- --n8n`.
'use strict';

const { fork, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { N8N, ensureN8n, installPackage, n8nBin, n8nEnv, startN8n, stop } = require('../../scripts/n8n.js');

const ROOT = path.resolve(__dirname, '..', '..');
/** bench.js uses 5790 to 5799 for n8n (and n8n's task-runner broker on the port after). */
const PORT = Number(process.env.BENCH_N8N_PORT ?? 5790);
const PARTS = process.env.BENCH_N8N_PARTS ?? 'abdf';

const CB_CREDENTIAL = { invoiceOpsChargebeeApi: { id: 'benchCbCred', name: 'Chargebee bench' } };

/** The HTTP Request node sending what this node sends for a Chargebee delete. */
function httpRequestDelete(url, idExpression, credential = 'chargebee') {
	const auth =
		credential === 'chargebee'
			? { authentication: 'predefinedCredentialType', nodeCredentialType: 'invoiceOpsChargebeeApi' }
			: { authentication: 'genericCredentialType', genericAuthType: 'httpBasicAuth' };
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `=${url}/api/v2/invoices/{{ ${idExpression} }}/delete`,
			...auth,
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: { parameters: [{ name: 'comment', value: 'bench' }] },
			options: {},
		},
		credentials: credential === 'chargebee' ? CB_CREDENTIAL : { httpBasicAuth: { id: 'benchBasicCred', name: 'Basic bench' } },
	};
}

function ourDelete(idExpression, options) {
	return {
		type: 'n8n-nodes-invoice-ops.chargebee',
		typeVersion: 1,
		parameters: { resource: 'invoice', operation: 'delete', invoiceId: `={{ ${idExpression} }}`, comment: 'bench', options },
		credentials: CB_CREDENTIAL,
	};
}

const link = (node) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/**
 * Manual Trigger -> per branch: Edit Fields (the branch's ids) -> Split Out -> the node under test.
 * n8n's v1 execution order runs the branches one after another, top to bottom, in one execution.
 */
function batchWorkflow(id, name, branches) {
	const nodes = [{ id: 't', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections = { Trigger: { main: [[]] } };
	branches.forEach(({ ids, node }, index) => {
		const y = index * 200;
		nodes.push(
			{ id: `s${index}`, name: `Ids ${index}`, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, y], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids }) } },
			{ id: `o${index}`, name: `Split ${index}`, type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, y], parameters: { fieldToSplitOut: 'ids', options: { destinationFieldName: 'id' } } },
			{ id: `n${index}`, name: `Under test ${index}`, position: [600, y], onError: 'continueRegularOutput', ...node },
		);
		connections.Trigger.main[0].push({ node: `Ids ${index}`, type: 'main', index: 0 });
		connections[`Ids ${index}`] = link(`Split ${index}`);
		connections[`Split ${index}`] = link(`Under test ${index}`);
	});
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Webhook (POST `path`, body `{ "invoiceId": ... }`) -> the node under test -> Respond to Webhook. */
function webhookWorkflow(id, name, webhookPath, node) {
	return {
		id,
		name,
		active: true,
		nodes: [
			{
				id: 'w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'responseNode', options: {} },
				webhookId: `${id}-hook`,
			},
			{ id: 'n', name: 'Under test', position: [220, 0], onError: 'continueRegularOutput', ...node },
			{ id: 'r', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [440, 0], parameters: { respondWith: 'firstIncomingItem', options: {} } },
		],
		connections: { Webhook: link('Under test'), 'Under test': link('Respond') },
		settings: { executionOrder: 'v1' },
	};
}

/** An output item that reports a failure (this node's `success: false`, or an error from On Error: Continue). */
const failedItem = (json) => json.success === false || json.error !== undefined;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const fixed = (value, digits = 0) => value.toFixed(digits);
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(', ');

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is none. */
function cpuSecondsOf(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return undefined;
	}
}

async function benchInN8n(items, { say = console.log, buildDir, run } = {}) {
	const target = N8N.current;
	ensureN8n(target);
	const packs = path.join(ROOT, '.cache', 'bench-pack');
	fs.rmSync(packs, { recursive: true, force: true });
	fs.mkdirSync(packs, { recursive: true });
	// dist/ was just built by the bench task: pack it as it is.
	run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packs]);
	const tarball = path.join(packs, fs.readdirSync(packs).find((name) => name.endsWith('.tgz')));
	const userFolder = path.join(ROOT, '.cache', 'bench-n8n-user');
	fs.rmSync(userFolder, { recursive: true, force: true });
	installPackage(tarball, userFolder, target);

	const sandbox = fork(path.join(buildDir, 'test', 'bench', 'sandbox-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const pending = [];
	sandbox.on('message', (message) => pending.shift()?.(message));
	const ask = (command) =>
		new Promise((resolve) => {
			pending.push(resolve);
			sandbox.send(command);
		});
	const { url, apiKey } = await new Promise((resolve) => pending.push(resolve));
	const env = { ...n8nEnv(target, userFolder, PORT), N8N_LOG_LEVEL: 'info' };
	// BENCH_N8N_PROFILE=<folder>: every `n8n execute` writes a V8 CPU profile there (for chrome://inspect or a script).
	const profile = process.env.BENCH_N8N_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(process.env.BENCH_N8N_PROFILE)}`] : [];
	const cli = (args) =>
		spawnSync(target.node(), [...(args[0] === 'execute' ? profile : []), n8nBin(target), ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
	const cliOrThrow = (args) => {
		const result = cli(args);
		if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
	};
	const importWorkflows = (name, workflows) => {
		const file = path.join(userFolder, `bench-${name}.json`);
		fs.writeFileSync(file, JSON.stringify(workflows));
		cliOrThrow(['import:workflow', `--input=${file}`]);
	};
	let seeded = 0;
	const seed = async (count) => {
		const prefix = `n${++seeded}_`;
		await ask({ command: 'seed', prefix, count });
		return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
	};
	/** `n8n execute` of a batch workflow: per branch, the node's executionTime, outputs and failed items from n8n's printed run. */
	const executeBatch = (workflow, branches) => {
		importWorkflows(workflow.id, [workflow]);
		const executed = cli(['execute', `--id=${workflow.id}`, '--rawOutput']);
		const json = /^\{$[\s\S]*?^\}$/m.exec(executed.stdout ?? '');
		if (!json) throw new Error(`n8n execute printed no run:\n${executed.stdout}\n${executed.stderr}`);
		const runData = JSON.parse(json[0]).data.resultData.runData;
		return Array.from({ length: branches }, (_, index) => {
			const task = runData[`Under test ${index}`][0];
			const outputs = (task.data?.main?.[0] ?? []).map((item) => item.json);
			return { seconds: task.executionTime / 1000, outputs: outputs.length, failed: items - outputs.filter((json) => !failedItem(json)).length, error: task.error?.message };
		});
	};

	const summary = { loadBefore: load() };
	try {
		const credentials = [
			{ id: 'benchCbCred', name: 'Chargebee bench', type: 'invoiceOpsChargebeeApi', data: { site: 'bench', apiKey, baseUrl: url } },
			{ id: 'benchBasicCred', name: 'Basic bench', type: 'httpBasicAuth', data: { user: apiKey, password: '' } },
		];
		const file = path.join(userFolder, 'bench-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials));
		cliOrThrow(['import:credentials', `--input=${file}`]);
		say(`\n# In a real n8n ${target.version} (SQLite, the package installed from its npm tarball), Node ${process.versions.node}, ${os.cpus().length} cores; load average (1, 5, 15 min) at the start: ${summary.loadBefore}`);

		if (PARTS.includes('a') || PARTS.includes('b')) Object.assign(summary, await batchParts({ say, items, url, seed, ask, executeBatch }));
		if (PARTS.includes('d')) summary.d = await webhookRoundTrip({ say, target, userFolder, url, seed, importWorkflows, cliOrThrow });
		if (PARTS.includes('f')) summary.f = await budgetStorms({ say, target, userFolder, seed, ask, importWorkflows, cliOrThrow });
		summary.loadAfter = load();
		say(`\nLoad average (1, 5, 15 min) at the end: ${summary.loadAfter}`);
		const stats = await ask({ command: 'stats' });
		say(`Sandbox: ${stats.requests} requests, ${stats.applied} deletes applied, ${stats.appliedTwice} invoices changed twice.`);
		return summary;
	} finally {
		sandbox.disconnect();
	}
}

/** Parts (a) and (b): batches in `n8n execute`. */
async function batchParts({ say, items, url, seed, ask, executeBatch }) {
	const summary = {};
	{
		// (a) One execution, the clients in the order A B C C B A, so that load from elsewhere on the
		// machine, which drifts over the minutes this takes, weighs on each client alike.
		const clients = [
			{ name: 'this node (Chargebee Invoice Ops, concurrency 8)', node: ourDelete('$json.id', { concurrency: 8 }) },
			{ name: "n8n's HTTP Request node 4.2 (predefined credential: the same Chargebee credential)", node: httpRequestDelete(url, '$json.id') },
			{ name: "n8n's HTTP Request node 4.2 (HTTP Basic Auth)", node: httpRequestDelete(url, '$json.id', 'basic') },
		];
		const order = [0, 1, 2, 2, 1, 0];
		const branches = [];
		for (const client of order) branches.push({ ids: await seed(items), node: clients[client].node });
		const measured = executeBatch(batchWorkflow('benchWfA', 'bench (a)', branches), branches.length);
		for (const [index, client] of clients.entries()) {
			const runs = measured.filter((_, position) => order[position] === index);
			client.runs = runs.map((run) => items / run.seconds);
			client.perSecond = (items * runs.length) / runs.reduce((sum, run) => sum + run.seconds, 0);
			client.outputs = runs.reduce((sum, run) => sum + run.outputs, 0);
			client.failed = runs.reduce((sum, run) => sum + run.failed, 0);
			client.errors = runs.map((run) => run.error).filter(Boolean);
		}
		const [ours, http] = clients;
		summary.a = { ours: ours.perSecond, http: http.perSecond, ratio: ours.perSecond / http.perSecond };
		say(`\n## (a) ${items} deletes per run, one \`n8n execute\` running the clients in the order A B C C B A, timed by n8n's executionTime of the node`);
		say('| client | items/s (both runs) | first run, second run | outputs | failed | vs HTTP Request node (same credential) |');
		say('|---|---|---|---|---|---|');
		for (const client of clients) {
			say(`| ${client.name} | ${fixed(client.perSecond)} | ${client.runs.map((value) => fixed(value)).join(', ')} | ${client.outputs}${client.errors.length > 0 ? ` (${client.errors[0]})` : ''} | ${client.failed} | ${fixed(client.perSecond / http.perSecond, 2)}x |`);
		}

		// (b)
		const rate = Number(process.env.BENCH_RATE ?? 100);
		const ideal = items / rate;
		await ask({ command: 'rateLimit', requestsPerSecond: rate });
		const before = await ask({ command: 'stats' });
		const [paced] = executeBatch(batchWorkflow('benchWfB', 'bench (b) paced', [{ ids: await seed(items), node: ourDelete('$json.id', { concurrency: 8, maxRequestsPerSecond: rate }) }]), 1);
		const after = await ask({ command: 'stats' });
		await ask({ command: 'rateLimit', requestsPerSecond: null });
		summary.b = { seconds: paced.seconds, ratio: paced.seconds / ideal, failed: paced.failed, rateLimited: after.rateLimited, requests: after.requests - before.requests };
		say(`\n## (b) ${items} deletes, sandbox limited to ${rate} requests/s (strict sliding 1 s window, 429 + Retry-After); ideal N/R = ${fixed(ideal, 1)} s`);
		say('| client | node executionTime s | / (N/R) | outputs | failed items | 429s seen | requests |');
		say('|---|---|---|---|---|---|---|');
		say(`| this node, Max Requests per Second = ${rate}, concurrency 8 | ${fixed(paced.seconds, 2)} | ${fixed(summary.b.ratio, 3)} | ${paced.outputs}${paced.error ? ` (${paced.error})` : ''} | ${paced.failed} | ${after.rateLimited} | ${summary.b.requests} |`);
		// Each 429 holds every request for the answer's Retry-After, which the sandbox gives in whole seconds (at least 1).
		if (after.rateLimited > 0) say(`Each 429 holds the run for its Retry-After (the sandbox's is at least 1 s): N/R + ${after.rateLimited} x 1 s = ${fixed(ideal + after.rateLimited, 1)} s, against ${fixed(paced.seconds, 1)} s measured.`);
		// Pacing can only hold R when the node, unpaced, runs faster than R on this machine at this moment.
		say(`This node's unpaced rate in (a) of this run: ${fixed(ours.perSecond)} items/s${ours.perSecond < rate * 1.05 ? `, below ${fixed(rate * 1.05)}/s: N/R is out of reach here, whatever the pacing` : ''}.`);
	}
	return summary;
}

/**
 * (f) Bursts of one-invoice executions in one n8n process: Webhook -> this node (delete, Max
 * Attempts 20) -> Respond to Webhook, `deliveries` deliveries `concurrency` at a time against the
 * sandbox limited to `rate`/s, per variant: Share Rate Budget off (each execution paces only
 * itself) and on, with the limit unknown to the node and with Max Requests per Second = `rate`.
 * The figure is the burst's wall time against (useful requests / rate), useful = answered other
 * than 429; the variants run in the order A B C D D C B A when BENCH_STORM_ROUNDS=2.
 */
async function budgetStorms({ say, target, userFolder, seed, ask, importWorkflows, cliOrThrow }) {
	const rate = Number(process.env.BENCH_STORM_RATE ?? 20);
	const deliveries = Number(process.env.BENCH_STORM_DELIVERIES ?? 800);
	const concurrency = Number(process.env.BENCH_STORM_CONCURRENCY ?? 20);
	const rounds = Number(process.env.BENCH_STORM_ROUNDS ?? 1);
	const variants = [
		{ key: 'unknownOff', name: 'limit unknown, Share Rate Budget off', options: { shareRateBudget: false } },
		{ key: 'unknownOn', name: 'limit unknown (learnt), Share Rate Budget on', options: {} },
		{ key: 'setOff', name: `Max Requests per Second = ${rate}, Share Rate Budget off`, options: { maxRequestsPerSecond: rate, shareRateBudget: false } },
		{ key: 'setOn', name: `Max Requests per Second = ${rate}, Share Rate Budget on`, options: { maxRequestsPerSecond: rate } },
	];
	variants.forEach((variant, index) => {
		variant.id = `benchWfF${index}`;
		variant.path = `bench-budget-${index}`;
		variant.runs = [];
	});
	importWorkflows('budget', variants.map((variant) => webhookWorkflow(variant.id, `bench (f) ${variant.name}`, variant.path, ourDelete('$json.body.invoiceId', { maxAttempts: 20, ...variant.options }))));
	for (const variant of variants) cliOrThrow(['publish:workflow', `--id=${variant.id}`]);
	let control = 0;
	const logFile = path.join(userFolder, 'n8n-start-budget.log');
	const logFd = fs.openSync(logFile, 'w');
	const n8n = await startN8n(target, userFolder, PORT, { stdio: ['ignore', logFd, logFd] });
	const base = `http://127.0.0.1:${PORT}`;
	try {
		for (const variant of variants) await webhookReady(base, variant.path, logFile);
		// A short warm-up burst, unlimited, so that n8n's first executions (compiling, caches) are not in a figure.
		await ask({ command: 'rateLimit', requestsPerSecond: null });
		await storm(base, variants[0].path, await seed(60), concurrency);
		// The control: the same burst with no limit at all, i.e. how many such executions n8n itself
		// runs per second on this machine now. Below `rate`, the limit is not what bounds a variant.
		const controlIds = await seed(deliveries);
		const controlStarted = performance.now();
		await storm(base, variants[1].path, controlIds, concurrency);
		control = deliveries / ((performance.now() - controlStarted) / 1000);
		const order = [];
		for (let round = 0; round < rounds; round++) order.push(...(round % 2 === 0 ? variants : [...variants].reverse()));
		for (const variant of order) {
			const ids = await seed(deliveries);
			await ask({ command: 'rateLimit', requestsPerSecond: rate });
			await new Promise((resolve) => setTimeout(resolve, 1500));
			const before = await ask({ command: 'stats' });
			const loadBefore = os.loadavg()[0];
			const started = performance.now();
			const failed = await storm(base, variant.path, ids, concurrency);
			const seconds = (performance.now() - started) / 1000;
			const after = await ask({ command: 'stats' });
			const requests = after.requests - before.requests;
			const refused = after.rateLimited;
			const useful = requests - refused;
			variant.runs.push({ seconds, ratio: seconds / (useful / rate), refused, useful, failed, load: `${loadBefore.toFixed(1)}-${os.loadavg()[0].toFixed(1)}` });
		}
		await ask({ command: 'rateLimit', requestsPerSecond: null });
	} finally {
		await stop(n8n);
		fs.closeSync(logFd);
	}
	say(`\n## (f) ${deliveries} one-invoice webhook executions, ${concurrency} in flight, in one n8n process (regular mode), sandbox limited to ${rate} requests/s (strict sliding 1 s window, 429 + Retry-After in whole seconds); Max Attempts 20`);
	say(`n8n alone (the same burst, sandbox unlimited): ${fixed(control, 1)} executions/s on this machine now${control < rate ? `, below the limit of ${rate}/s: the best ratio reachable here is ${fixed(rate / control, 2)}, whatever the pacing` : ''}.`);
	say('| variant | wall s | wall / (useful / limit) | 429s | 429s / useful | useful requests | failed deliveries | load (1 min) |');
	say('|---|---|---|---|---|---|---|---|');
	for (const variant of variants) {
		for (const run of variant.runs) {
			say(`| ${variant.name} | ${fixed(run.seconds, 1)} | ${fixed(run.ratio, 3)} | ${run.refused} | ${fixed((100 * run.refused) / run.useful, 1)}% | ${run.useful} | ${run.failed} | ${run.load} |`);
		}
	}
	return Object.fromEntries(variants.map((variant) => [variant.key, { name: variant.name, runs: variant.runs, n8nPerSecond: control }]));
}

/** Waits until n8n answers a GET on the webhook with "Did you mean to make a POST request?" (registered for POST). */
async function webhookReady(base, webhookPath, logFile) {
	for (let attempt = 0; ; attempt++) {
		const answer = await fetch(`${base}/webhook/${webhookPath}`).then((response) => response.text(), () => '');
		if (answer.includes('Did you mean to make a POST request')) return;
		if (attempt > 120) throw new Error(`n8n did not register the webhook ${webhookPath} within 60 s (log: ${logFile})`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** One delivery per id, `concurrency` at a time; returns how many were not answered 200 `deleted`. */
async function storm(base, webhookPath, ids, concurrency) {
	let next = 0;
	let failed = 0;
	const lane = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			try {
				const response = await fetch(`${base}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ invoiceId: id }),
				});
				const json = JSON.parse(await response.text());
				if (response.status !== 200 || json.outcome !== 'deleted') failed++;
			} catch {
				failed++;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, lane));
	return failed;
}

async function webhookRoundTrip({ say, target, userFolder, url, seed, importWorkflows, cliOrThrow }) {
	const concurrency = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 20);
	const deliveries = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 400);
	const block = Number(process.env.BENCH_WEBHOOK_BLOCK ?? 40);
	const warmup = Number(process.env.BENCH_WEBHOOK_WARMUP ?? 60);
	const clients = [
		{ key: 'ours', name: 'this node (Chargebee Invoice Ops, delete)', path: 'bench-invoice-ops', node: ourDelete('$json.body.invoiceId', {}) },
		{ key: 'http', name: "n8n's HTTP Request node 4.2 (the same Chargebee credential)", path: 'bench-http-request', node: httpRequestDelete(url, '$json.body.invoiceId') },
	];
	clients.forEach((client, index) => {
		client.id = `benchWfD${index}`;
		client.latencies = [];
		client.failed = 0;
		client.cpuSeconds = 0;
	});
	importWorkflows('webhooks', clients.map((client) => webhookWorkflow(client.id, `bench (d) ${client.name}`, client.path, client.node)));
	for (const client of clients) cliOrThrow(['publish:workflow', `--id=${client.id}`]);
	const logFile = path.join(userFolder, 'n8n-start.log');
	const logFd = fs.openSync(logFile, 'w');
	const n8n = await startN8n(target, userFolder, PORT, { stdio: ['ignore', logFd, logFd] });
	const base = `http://127.0.0.1:${PORT}`;
	try {
		// n8n mounts webhooks a moment after it answers; once registered for POST, a GET is asked "Did you mean to make a POST request?".
		for (const client of clients) {
			for (let attempt = 0; ; attempt++) {
				const answer = await fetch(`${base}/webhook/${client.path}`).then((response) => response.text(), () => '');
				if (answer.includes('Did you mean to make a POST request')) break;
				if (attempt > 120) throw new Error(`n8n did not register the webhook ${client.path} within 60 s (log: ${logFile})`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
		/** `count` deliveries, `concurrency` at a time; returns each delivery's latency in ms. */
		const deliver = async (client, count, record) => {
			const ids = await seed(count);
			let next = 0;
			const cpuBefore = cpuSecondsOf(n8n.child.pid);
			const worker = async () => {
				while (next < ids.length) {
					const id = ids[next++];
					const started = performance.now();
					let ok = false;
					try {
						const response = await fetch(`${base}/webhook/${client.path}`, {
							method: 'POST',
							headers: { 'Content-Type': 'application/json' },
							body: JSON.stringify({ invoiceId: id }),
						});
						const text = await response.text();
						const json = JSON.parse(text);
						ok = response.status === 200 && !failedItem(json) && (client.key === 'ours' ? json.outcome === 'deleted' : json.invoice?.id === id);
					} catch {
						ok = false;
					}
					const elapsed = performance.now() - started;
					if (record) {
						client.latencies.push(elapsed);
						if (!ok) client.failed++;
					}
				}
			};
			await Promise.all(Array.from({ length: concurrency }, worker));
			const cpuAfter = cpuSecondsOf(n8n.child.pid);
			if (record && cpuBefore !== undefined && cpuAfter !== undefined) client.cpuSeconds += cpuAfter - cpuBefore;
		};
		for (const client of clients) await deliver(client, warmup, false);
		// Alternating blocks, the order flipped every round (A B, B A, ...), so drifting load hits both alike.
		const started = performance.now();
		for (let round = 0; round * block < deliveries; round++) {
			const order = round % 2 === 0 ? clients : [...clients].reverse();
			for (const client of order) await deliver(client, Math.min(block, deliveries - round * block), true);
		}
		const seconds = (performance.now() - started) / 1000;
		for (const client of clients) {
			const sorted = [...client.latencies].sort((a, b) => a - b);
			client.p50 = quantile(sorted, 0.5);
			client.p95 = quantile(sorted, 0.95);
			client.mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
			client.cpuMsPerDelivery = (client.cpuSeconds * 1000) / sorted.length;
		}
		const [ours, http] = clients;
		say(`\n## (d) webhook round trip: Webhook -> node -> Respond to Webhook in \`n8n start\`, ${deliveries} deliveries per workflow at ${concurrency} concurrent, in alternating blocks of ${block} (after ${warmup} warm-up deliveries each; ${fixed(seconds, 1)} s in all)`);
		say('| workflow | p50 ms | p95 ms | mean ms | failed | n8n main process CPU ms/delivery |');
		say('|---|---|---|---|---|---|');
		for (const client of clients) {
			say(`| ${client.name} | ${fixed(client.p50, 1)} | ${fixed(client.p95, 1)} | ${fixed(client.mean, 1)} | ${client.failed} | ${fixed(client.cpuMsPerDelivery, 2)} |`);
		}
		const ratio = { p50: ours.p50 / http.p50, p95: ours.p95 / http.p95, mean: ours.mean / http.mean, cpu: ours.cpuMsPerDelivery / http.cpuMsPerDelivery };
		say(`| ratio (this node / HTTP Request node) | ${fixed(ratio.p50, 2)}x | ${fixed(ratio.p95, 2)}x | ${fixed(ratio.mean, 2)}x | | ${fixed(ratio.cpu, 2)}x |`);
		return { ratio, ours: { p50: ours.p50, p95: ours.p95, mean: ours.mean, failed: ours.failed }, http: { p50: http.p50, p95: http.p95, mean: http.mean, failed: http.failed } };
	} finally {
		await stop(n8n);
		fs.closeSync(logFd);
	}
}

module.exports = { benchInN8n };
