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

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, '.cache', 'bench');
const NODES_BASE = path.join(BENCH, 'n8n-nodes-base');
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
	fs.mkdirSync(NODES_BASE, { recursive: true });
	run('npm', ['pack', `n8n-nodes-base@${version}`, '--pack-destination', BENCH, '--silent']);
	const tarball = path.join(BENCH, `n8n-nodes-base-${version}.tgz`);
	run('tar', ['xzf', tarball, '-C', NODES_BASE, '--strip-components=1']);
	fs.rmSync(tarball);
	const wanted = require(path.join(NODES_BASE, 'package.json')).dependencies;
	const dependencies = Object.fromEntries(NODES_BASE_REQUIRES.map((name) => [name, wanted[name]]));
	fs.writeFileSync(path.join(BENCH, 'package.json'), `${JSON.stringify({ private: true, dependencies }, null, '\t')}\n`);
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--silent'], { cwd: BENCH });
	fs.writeFileSync(ready, version);
}

function bench(args) {
	ensureHttpRequestNode();
	fs.rmSync(BUILD, { recursive: true, force: true });
	run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'test/tsconfig.json', '--outDir', BUILD]);
	run(process.execPath, ['--expose-gc', path.join(BUILD, 'test', 'bench', 'bench.js'), ...args]);
}

module.exports = { bench };
