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

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
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
 * `npm run bench`: the engine parts (test/bench/bench.ts). `npm run bench -- --n8n` adds the real
 * n8n parts (test/bench/n8n.js) and ends with one table of every target; there the engine runs
 * only its memory part (c) unless BENCH_PARTS says otherwise, since (a) and (b) are measured in n8n.
 */
async function bench(args) {
	// Part (e), Get Many, needs no HTTP Request node: `BENCH_PARTS=e npm run bench` skips fetching it.
	if (/[abc]/.test(process.env.BENCH_PARTS ?? 'abce')) ensureHttpRequestNode();
	fs.rmSync(BUILD, { recursive: true, force: true });
	run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'test/tsconfig.json', '--outDir', BUILD]);
	const inN8n = args.includes('--n8n');
	const summaryFile = path.join(BUILD, 'engine-summary.json');
	const engineEnv = { ...process.env, BENCH_SUMMARY: summaryFile, ...(inN8n && !process.env.BENCH_PARTS ? { BENCH_PARTS: 'c' } : {}) };
	run(process.execPath, ['--expose-gc', path.join(BUILD, 'test', 'bench', 'bench.js'), ...args.filter((arg) => arg !== '--n8n')], { env: engineEnv });
	if (!inN8n) return;
	const items = Number(process.env.BENCH_N8N_ITEMS ?? 2000);
	const n8n = await require('./n8n.js').benchInN8n(items, { buildDir: BUILD, run });
	const engine = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : {};
	const met = (ok) => (ok ? 'met' : '**missed**');
	const lines = [
		`\n# Targets (real n8n ${require('../../scripts/n8n.js').N8N.current.version} for a, b, d, f; n8n-core's engine for c)`,
		'| part | figure | target | |',
		'|---|---|---|---|',
	];
	if (n8n.a) {
		lines.push(
			`| (a) ${items} deletes, vs HTTP Request node, same credential | ${n8n.a.ratio.toFixed(2)}x (${n8n.a.ours.toFixed(0)} vs ${n8n.a.http.toFixed(0)} items/s) | >= 2x | ${met(n8n.a.ratio >= 2)} |`,
			`| (b) ${items} items at 100 req/s, wall / (N/R) | ${n8n.b.ratio.toFixed(3)} (${n8n.b.seconds.toFixed(2)} s), ${n8n.b.failed} failed, ${n8n.b.rateLimited} 429s | <= 1.05, 0 failed | ${met(n8n.b.ratio <= 1.05 && n8n.b.failed === 0)} |`,
		);
	}
	lines.push(
		engine.memoryBytesPerItem === undefined
			? '| (c) memory per item | not run (BENCH_PARTS without c) | < 2 KB | |'
			: `| (c) memory per item (outputs alive) | ${engine.memoryBytesPerItem.toFixed(0)} bytes | < 2048 bytes | ${met(engine.memoryBytesPerItem < 2048)} |`,
	);
	if (n8n.d) {
		lines.push(
			`| (d) webhook round trip p50, this node / HTTP Request node | ${n8n.d.ratio.p50.toFixed(2)}x (${n8n.d.ours.p50.toFixed(1)} vs ${n8n.d.http.p50.toFixed(1)} ms) | <= 1.1x | ${met(n8n.d.ratio.p50 <= 1.1)} |`,
			`| (d) webhook round trip p95, this node / HTTP Request node | ${n8n.d.ratio.p95.toFixed(2)}x (${n8n.d.ours.p95.toFixed(1)} vs ${n8n.d.http.p95.toFixed(1)} ms) | <= 1.1x | ${met(n8n.d.ratio.p95 <= 1.1)} |`,
			`| (d) failed deliveries (this node / HTTP Request node) | ${n8n.d.ours.failed} / ${n8n.d.http.failed} | 0 | ${met(n8n.d.ours.failed + n8n.d.http.failed === 0)} |`,
		);
	}
	if (n8n.f) {
		// The issue's targets for one process: learnt <= 1.10 x with 429s <= 2%, set <= 1.05 x with 429s <= 1%; the "off" variants are today's behaviour, for comparison.
		const targets = { unknownOn: [1.1, 0.02], setOn: [1.05, 0.01] };
		for (const [key, { name, runs }] of Object.entries(n8n.f)) {
			for (const run of runs) {
				const target = targets[key];
				const share = run.refused / run.useful;
				const verdict = target ? met(run.ratio <= target[0] && share <= target[1] && run.failed === 0) : '(today, for comparison)';
				lines.push(`| (f) ${name}: wall / (useful / limit), 429s | ${run.ratio.toFixed(3)}, ${run.refused} 429s (${(100 * share).toFixed(1)}%), ${run.failed} failed | ${target ? `<= ${target[0]}, <= ${target[1] * 100}%` : ''} | ${verdict} |`);
			}
		}
	}
	lines.push('', `Load average (1, 5, 15 min): ${n8n.loadBefore} at the start of the n8n parts, ${n8n.loadAfter} at the end (${require('node:os').cpus().length} cores).`);
	console.log(lines.join('\n'));
}

module.exports = { bench };
