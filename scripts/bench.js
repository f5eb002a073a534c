// `npm run bench`: builds, compiles the benchmark and runs it (test/bench/bench.ts). It prints a
// report; it is not a test. Dependency-free CommonJS like run.js.
//
// The benchmark compares against n8n's own HTTP Request node, from `n8n-nodes-base` at the
// version of the pinned `n8n-core` (what n8n of that version ships). Installed on first use into
// .cache/bench/ (git-ignored), never into the project's dependencies: npm-installing
// n8n-nodes-base pulls in hundreds of packages for its ~500 nodes, while the HTTP Request node
// needs only n8n-workflow / n8n-core (resolved from the project's node_modules) and the four
// packages below. So the tarball is unpacked as it is and only those four are installed.
'use strict';

const { fork, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, '.cache', 'bench');
// Under node_modules/ so that linters and editors leave its files alone, as they do any dependency.
const NODES_BASE = path.join(BENCH, 'node_modules', 'n8n-nodes-base');
const BUILD = path.join(ROOT, '.cache', 'bench-build');
/** What the HTTP Request node (and the helpers it imports) requires beyond n8n-workflow / n8n-core. */
const NODES_BASE_REQUIRES = ['@mozilla/readability', 'cheerio', 'html-to-text', 'jsdom'];

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function ensureHttpRequestNode() {
	const version = require(path.join(ROOT, 'node_modules', 'n8n-core', 'package.json')).version;
	const ready = path.join(BENCH, '.ready');
	if (fs.existsSync(ready) && fs.readFileSync(ready, 'utf8') === version) return;
	process.stderr.write(`[invoice-ops] fetching n8n-nodes-base ${version} (HTTP Request node) into .cache/bench\n`);
	fs.rmSync(BENCH, { recursive: true, force: true });
	const unpacked = path.join(BENCH, 'unpacked');
	fs.mkdirSync(unpacked, { recursive: true });
	run('npm', ['pack', `n8n-nodes-base@${version}`, '--pack-destination', BENCH, '--silent']);
	const tarball = path.join(BENCH, `n8n-nodes-base-${version}.tgz`);
	run('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);
	fs.rmSync(tarball);
	const wanted = require(path.join(unpacked, 'package.json')).dependencies;
	const dependencies = Object.fromEntries(NODES_BASE_REQUIRES.map((name) => [name, wanted[name]]));
	fs.writeFileSync(path.join(BENCH, 'package.json'), `${JSON.stringify({ private: true, dependencies }, null, '\t')}\n`);
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--silent'], { cwd: BENCH });
	// After the install, which would remove a package it was not asked for.
	fs.renameSync(unpacked, NODES_BASE);
	fs.writeFileSync(ready, version);
}

/**
 * `npm run bench -- --n8n`: the one number the test engine cannot give, measured in a real n8n
 * (the pinned release, installed into .cache/n8n on first use like `npm run dev`): items/s of
 * this node and of the HTTP Request node (HTTP Basic Auth credential), each a Manual Trigger ->
 * Edit Fields -> Split Out -> node workflow run by `n8n execute`, timed by n8n's own
 * `executionTime` of the node. Real n8n resolves (reads from its database, decrypts) a
 * credential for every authenticated request; the test engine does not.
 */
async function benchInN8n(items) {
	const { N8N, ensureN8n, installPackage, n8nBin, n8nEnv } = require('./n8n.js');
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

	const sandbox = fork(path.join(BUILD, 'test', 'bench', 'sandbox-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const next = () => new Promise((resolve) => sandbox.once('message', resolve));
	const { url, apiKey } = await next();
	const env = { ...n8nEnv(target, userFolder, 5710), N8N_LOG_LEVEL: 'info' };
	const cli = (args) => {
		const result = spawnSync(target.node(), [n8nBin(target), ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
		return result;
	};
	try {
		const credentials = [
			{ id: 'benchCbCred', name: 'Chargebee bench', type: 'invoiceOpsChargebeeApi', data: { site: 'bench', apiKey, baseUrl: url } },
			{ id: 'benchBasicCred', name: 'Basic bench', type: 'httpBasicAuth', data: { user: apiKey, password: '' } },
		];
		const file = path.join(userFolder, 'bench-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials));
		if (cli(['import:credentials', `--input=${file}`]).status !== 0) throw new Error('import:credentials failed');

		const results = [];
		for (const [name, node] of [
			['this node (Chargebee Invoice Ops, concurrency 8)', (prefix) => ({
				type: 'n8n-nodes-invoice-ops.chargebee',
				typeVersion: 1,
				parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', comment: 'bench', options: { concurrency: 8 } },
				credentials: { invoiceOpsChargebeeApi: { id: 'benchCbCred', name: 'Chargebee bench' } },
			})],
			["n8n's HTTP Request node 4.2 (predefined credential: the same Chargebee credential)", () => ({
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url: `=${url}/api/v2/invoices/{{ $json.id }}/delete`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'invoiceOpsChargebeeApi',
					sendBody: true,
					contentType: 'form-urlencoded',
					bodyParameters: { parameters: [{ name: 'comment', value: 'bench' }] },
					options: {},
				},
				credentials: { invoiceOpsChargebeeApi: { id: 'benchCbCred', name: 'Chargebee bench' } },
			})],
			["n8n's HTTP Request node 4.2 (HTTP Basic Auth)", () => ({
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url: `=${url}/api/v2/invoices/{{ $json.id }}/delete`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpBasicAuth',
					sendBody: true,
					contentType: 'form-urlencoded',
					bodyParameters: { parameters: [{ name: 'comment', value: 'bench' }] },
					options: {},
				},
				credentials: { httpBasicAuth: { id: 'benchBasicCred', name: 'Basic bench' } },
			})],
		]) {
			const prefix = `n${results.length}_`;
			sandbox.send({ command: 'seed', prefix, count: items });
			await next();
			const ids = Array.from({ length: items }, (_, index) => `${prefix}${index}`);
			const workflow = {
				id: `benchWf${results.length}`,
				name: `bench ${name}`,
				active: false,
				nodes: [
					{ id: 't', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: 's', name: 'Ids', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids }) } },
					{ id: 'o', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'ids', options: { destinationFieldName: 'id' } } },
					{ id: 'n', name: 'Under test', position: [600, 0], ...node(prefix) },
				],
				connections: {
					Trigger: { main: [[{ node: 'Ids', type: 'main', index: 0 }]] },
					Ids: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
					Split: { main: [[{ node: 'Under test', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			};
			const workflowFile = path.join(userFolder, `bench-workflow-${results.length}.json`);
			fs.writeFileSync(workflowFile, JSON.stringify([workflow]));
			if (cli(['import:workflow', `--input=${workflowFile}`]).status !== 0) throw new Error('import:workflow failed');
			const executed = cli(['execute', `--id=${workflow.id}`, '--rawOutput']);
			const json = /^\{$[\s\S]*?^\}$/m.exec(executed.stdout ?? '');
			if (!json) throw new Error(`n8n execute printed no run:\n${executed.stdout}\n${executed.stderr}`);
			const task = JSON.parse(json[0]).data.resultData.runData['Under test'][0];
			const outputs = task.data?.main?.[0]?.length ?? 0;
			results.push({ name, perSecond: items / (task.executionTime / 1000), outputs, error: task.error?.message });
		}
		const [ours, http] = results;
		console.log(`\n## In a real n8n ${target.version} (n8n execute, SQLite): ${items} deletes, timed by n8n's executionTime of the node`);
		console.log('| client | items/s | outputs | vs HTTP Request node |');
		console.log('|---|---|---|---|');
		for (const result of results) {
			console.log(`| ${result.name} | ${result.perSecond.toFixed(0)} | ${result.outputs}${result.error ? ` (${result.error})` : ''} | ${(result.perSecond / http.perSecond).toFixed(2)}x |`);
		}
		return ours;
	} finally {
		sandbox.disconnect();
	}
}

async function bench(args) {
	// Part (d), Get Many, needs no HTTP Request node: `BENCH_PARTS=d npm run bench` skips fetching it.
	if (/[abc]/.test(process.env.BENCH_PARTS ?? 'abcd')) ensureHttpRequestNode();
	fs.rmSync(BUILD, { recursive: true, force: true });
	run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'test/tsconfig.json', '--outDir', BUILD]);
	const inN8n = args.includes('--n8n');
	run(process.execPath, ['--expose-gc', path.join(BUILD, 'test', 'bench', 'bench.js'), ...args.filter((arg) => arg !== '--n8n')]);
	if (inN8n) await benchInN8n(Number(process.env.BENCH_N8N_ITEMS ?? 2000));
}

module.exports = { bench, benchInN8n };
