// `npm run test:e2e`, `npm run test:editor`: the suites under test/e2e against a real n8n with
// the packed package installed as users get it. Dependency-free CommonJS like scripts/run.js.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { CACHE, buildTests, log, runSuite } = require('../../scripts/run.js');
const { N8N, checkPackContents, ensureN8n, installPackage, n8nBin, n8nEnv, pack } = require('../../scripts/n8n.js');

/** Debian's chromium (apt-get install chromium): the editor check never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';

/** Packs the package (building dist/) and installs it into a fresh n8n user folder. */
function preparePackage(target, userFolder) {
	buildTests();
	ensureN8n(target);
	const tarball = pack();
	checkPackContents();
	fs.rmSync(userFolder, { recursive: true, force: true });
	installPackage(tarball, userFolder, target);
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	log(`installed ${path.basename(tarball)} into ${path.relative(process.cwd(), userFolder)}/.n8n/nodes/node_modules`);
}

/** The environment of a test/e2e suite: n8n's, plus how to run that n8n. */
function suiteEnv(target, userFolder, port) {
	return {
		...n8nEnv(target, userFolder, port),
		E2E_N8N_COMMAND: JSON.stringify([target.node(), n8nBin(target)]),
		E2E_N8N_VERSION: target.version,
	};
}

/**
 * `npm run test:e2e [-- --compat] [path fragment ...]`: test/e2e against real n8n (2.x, or 1.x
 * with --compat); a fragment (`drift`) runs only the files whose path contains it.
 */
async function testE2e(args) {
	const compat = args.includes('--compat');
	const target = compat ? N8N.compat : N8N.current;
	const userFolder = path.join(CACHE, compat ? 'e2e-user-1' : 'e2e-user');
	preparePackage(target, userFolder);
	const port = Number(process.env.E2E_N8N_PORT ?? 5690);
	runSuite('e2e', args.filter((arg) => arg !== '--compat'), { skip: ['e2e/editor', 'e2e/queue'], concurrency: 1, env: suiteEnv(target, userFolder, port), timeoutMs: 600_000 });
}

/** `npm run test:editor`: test/e2e/editor in headless Chromium against n8n 2.x. */
async function testEditor() {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (apt-get install chromium)`);
	const target = N8N.current;
	const userFolder = path.join(CACHE, 'editor-user');
	preparePackage(target, userFolder);
	const port = Number(process.env.E2E_EDITOR_PORT ?? 5694);
	runSuite('e2e/editor', [], { concurrency: 1, env: suiteEnv(target, userFolder, port), timeoutMs: 600_000 });
}

module.exports = { preparePackage, suiteEnv, testE2e, testEditor };
