// Real n8n for `npm run dev`, the end-to-end suite and the editor check: installs a pinned n8n
// into .cache/ on first use, packs this package and installs the tarball into an n8n user folder
// the way users get it, imports credentials and workflows, starts and stops n8n.
// Dependency-free CommonJS like run.js.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { CACHE, NODE24_BIN, NODE24_DIR, NODE24_HEADERS, ROOT, log, npm, run } = require('./run.js');

const PACKAGE = 'n8n-nodes-invoice-ops';

/** The n8n releases this package is tested with, and the Node each one runs on. */
const N8N = {
	current: {
		version: '2.41.1',
		dir: path.join(CACHE, 'n8n'),
		// The Node running this script: run.js made sure it is >= 24 (its own or the one it fetched).
		node: () => process.execPath,
		// Offline here and for most sandbox users: the MCP server catalogue only logs fetch errors.
		env: { N8N_DISABLED_MODULES: 'mcp-registry' },
		overrides: {},
	},
	// The newest 1.x that installs and runs on Node 20 (>= 20.19), where 1.x users still are:
	// from 1.123.66 on, n8n depends on isolated-vm 6, which needs Node >= 22 (no Node 20 build).
	compat: {
		version: '1.123.50',
		dir: path.join(CACHE, 'n8n-1'),
		node: olderNode,
		env: {},
		// n8n 1.x pins xlsx to a tarball on cdn.sheetjs.com, which is not on the npm registry (and
		// not reachable here); the registry's xlsx 0.18.5 stands in. Only the Spreadsheet File and
		// Extract/Convert nodes use it, and no test runs them.
		overrides: { xlsx: '0.18.5' },
	},
};

/** A Node older than 24 on the original PATH (what 1.x users run), or N8N_COMPAT_NODE. */
function olderNode() {
	if (process.env.N8N_COMPAT_NODE) return process.env.N8N_COMPAT_NODE;
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, 'node');
		if (dir === NODE24_BIN || !fs.existsSync(candidate)) continue;
		const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
		const [major, minor] = version.split('.').map(Number);
		if ((major === 20 && minor >= 19) || (major > 20 && major < 24)) return candidate;
	}
	throw new Error('n8n 1.x needs Node 20.19+ (< 24) on PATH, or N8N_COMPAT_NODE=/path/to/node');
}

/**
 * The headers node-gyp builds against: those fetched with the Node in .cache/node24, else the
 * ones an installed Node keeps under its prefix (/usr/bin/node -> /usr/include/node).
 */
function headersOf(node) {
	return fs.realpathSync(node).startsWith(NODE24_DIR) ? NODE24_HEADERS : path.dirname(path.dirname(node));
}

/** PATH and nodedir so npm (and node-gyp) build for the Node that will run n8n. */
function envFor(target) {
	const nodeBin = path.dirname(target.node());
	return {
		...process.env,
		PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: headersOf(target.node()),
		// node-gyp: compile native modules (sqlite3) on every core.
		JOBS: 'max',
	};
}

/** Installs n8n into target.dir on first use (and when the pinned version changes). */
function ensureN8n(target) {
	const ready = path.join(target.dir, '.ready');
	if (fs.existsSync(ready) && fs.readFileSync(ready, 'utf8') === target.version) return;
	fs.rmSync(path.join(target.dir, 'node_modules'), { recursive: true, force: true });
	log(`installing n8n ${target.version} into ${path.relative(ROOT, target.dir)} (first use, a few minutes)`);
	fs.mkdirSync(target.dir, { recursive: true });
	fs.writeFileSync(path.join(target.dir, 'package.json'), `${JSON.stringify({ private: true, overrides: target.overrides })}\n`);
	const env = envFor(target);
	// Install scripts off: most are telemetry or optional; sqlite3 is the one native module that
	// must be built, and its prebuilt binary is not reachable here, so it is built from source.
	npm(['install', '--prefix', target.dir, '--ignore-scripts', '--no-package-lock', `n8n@${target.version}`], env);
	npm(['rebuild', '--prefix', target.dir, 'sqlite3'], env);
	fs.writeFileSync(ready, target.version);
}

/**
 * `npm run n8n:install [-- current|compat]`: installs the named n8n (both when none is named,
 * side by side: the downloads overlap, so CI waits for the slower one instead of the sum).
 */
async function installTask(args) {
	const names = args.length > 0 ? args : Object.keys(N8N);
	for (const name of names) if (!N8N[name]) throw new Error(`unknown n8n "${name}"; known: ${Object.keys(N8N).join(', ')}`);
	if (names.length === 1) return ensureN8n(N8N[names[0]]);
	const outcomes = await Promise.all(
		names.map(
			(name) =>
				new Promise((resolve) => {
					const child = spawn(process.execPath, [path.join(__dirname, 'run.js'), 'n8n:install', name], { cwd: ROOT, stdio: 'inherit' });
					child.once('exit', (code, signal) => resolve(code === 0 ? undefined : `${name}: ${code ?? signal}`));
				}),
		),
	);
	const failed = outcomes.filter(Boolean);
	if (failed.length > 0) throw new Error(`n8n install failed (${failed.join(', ')})`);
}

/**
 * `npm pack` (its prepack builds dist/) into a folder of its own, so tasks running side by side
 * never unpack each other's half-written tarball: returns the tarball's path.
 */
function pack() {
	fs.mkdirSync(CACHE, { recursive: true });
	const destination = fs.mkdtempSync(path.join(CACHE, 'pack-'));
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	if (result.status !== 0) throw new Error(`npm pack exited with ${result.status}`);
	const [{ filename }] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	return path.join(destination, filename);
}

/** Files `npm pack` would ship; throws when anything but dist/, README.md, package.json, LICENSE. */
function checkPackContents() {
	const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack --dry-run exited with ${result.status}`);
	const [{ files }] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	const paths = files.map((file) => file.path);
	const unexpected = paths.filter((file) => !file.startsWith('dist/') && !['README.md', 'package.json', 'LICENSE'].includes(file));
	const missing = ['README.md', 'package.json', 'LICENSE'].filter((file) => !paths.includes(file));
	if (!paths.some((file) => file.startsWith('dist/nodes/'))) missing.push('dist/nodes/');
	if (unexpected.length > 0 || missing.length > 0) {
		throw new Error(`npm pack contents: unexpected ${JSON.stringify(unexpected)}, missing ${JSON.stringify(missing)}`);
	}
	log(`npm pack ships ${paths.length} files: dist/, README.md, package.json, LICENSE`);
}

/**
 * Installs the tarball the way n8n's community-package installer does: unpacked into
 * <user folder>/.n8n/nodes/node_modules/n8n-nodes-invoice-ops, dev/peer/optional dependencies
 * dropped from its package.json, listed in nodes/package.json. n8n then resolves the package's
 * `n8n-workflow` to its own copy (n8n puts its module paths on NODE_PATH). Our user folders lie
 * inside the project, whose node_modules would be found first on the way up, so a link to
 * n8n's own copy keeps the resolution what it is for users.
 */
function installPackage(tarball, userFolder, target) {
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	const installed = path.join(modules, PACKAGE);
	fs.rmSync(installed, { recursive: true, force: true });
	fs.mkdirSync(installed, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
	const manifestPath = path.join(installed, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	const nodesManifest = { name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: manifest.version } };
	fs.writeFileSync(path.join(modules, '..', 'package.json'), `${JSON.stringify(nodesManifest, null, 2)}\n`);
	const workflowLink = path.join(modules, 'n8n-workflow');
	fs.rmSync(workflowLink, { recursive: true, force: true });
	fs.symlinkSync(path.join(target.dir, 'node_modules', 'n8n-workflow'), workflowLink, 'dir');
}

/** The environment n8n runs in: a private user folder, no telemetry, no prompts, no TLS cookie. */
function n8nEnv(target, userFolder, port) {
	return {
		...envFor(target),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: 'localhost',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'warn',
		...target.env,
	};
}

const n8nBin = (target) => path.join(target.dir, 'node_modules', 'n8n', 'bin', 'n8n');

/** Runs one n8n CLI command to completion (import:credentials, import:workflow, ...). */
function n8nCli(target, userFolder, port, args) {
	run(target.node(), [n8nBin(target), ...args], { env: n8nEnv(target, userFolder, port) });
}

/**
 * Whether n8n finished starting: /healthz/readiness (2.x) answers ok once migrated and fully
 * started. n8n 1.x has no such endpoint (the editor's HTML answers instead); there the REST API,
 * registered last, tells.
 */
async function isReady(url) {
	const readiness = await fetch(`${url}/healthz/readiness`);
	if (readiness.headers.get('content-type')?.includes('json')) return readiness.ok;
	const settings = await fetch(`${url}/rest/settings`);
	return settings.ok && Boolean(settings.headers.get('content-type')?.includes('json'));
}

/** Starts `n8n start` in the background; resolves once it is ready. */
async function startN8n(target, userFolder, port, { stdio = 'inherit', timeoutMs = 120_000 } = {}) {
	// Something already answering there would pass for this n8n: refuse instead.
	if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) {
		throw new Error(`port ${port} is already in use (another n8n?): stop it or set N8N_PORT`);
	}
	const child = spawn(target.node(), [n8nBin(target), 'start'], { cwd: ROOT, env: n8nEnv(target, userFolder, port), stdio });
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const outcome = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000, 'waiting'))]);
		if (outcome !== 'waiting') throw new Error(`n8n exited before it answered (${outcome})`);
		if (await isReady(`http://127.0.0.1:${port}`).catch(() => false)) break;
		if (Date.now() > deadline) {
			child.kill('SIGTERM');
			throw new Error(`n8n did not answer on port ${port} within ${timeoutMs / 1000} s`);
		}
	}
	return { child, exited };
}

/** Stops a started process with SIGTERM (SIGKILL after 20 s); resolves with its exit code. */
async function stop({ child, exited }) {
	if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	const outcome = await exited;
	clearTimeout(timer);
	return outcome;
}

module.exports = { N8N, PACKAGE, checkPackContents, ensureN8n, installPackage, installTask, n8nBin, n8nCli, n8nEnv, pack, startN8n, stop };
