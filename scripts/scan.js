// `npm run scan`: the static analysis n8n runs before it verifies a community package
// (@n8n/scan-community-package), offline. Its CLI downloads a published package and the source
// commit its provenance names, then lints both with `analyzePackage`; here the same function
// lints this working tree's source and the tarball `npm pack` makes from it, with the same
// file patterns. The provenance check needs a published version and is not repeated here.
// Dependency-free CommonJS like run.js (the scanner itself is a devDependency).
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { ROOT, log, run } = require('./run.js');
const { pack } = require('./n8n.js');

const SCANNER = path.join(ROOT, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');

/** What the scanner's CLI lints in the published tarball (its second pass). */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** The analysis is static: any socket it opened would be a change in the scanner worth seeing. */
function refuseNetwork() {
	net.Socket.prototype.connect = function connect() {
		throw new Error('npm run scan must not use the network');
	};
}

/** Files under `dir` ending in one of `suffixes`, node_modules left out; for a non-empty check. */
function countFiles(dir, suffixes) {
	let count = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) count += countFiles(full, suffixes);
		else if (suffixes.some((suffix) => entry.name.endsWith(suffix))) count += 1;
	}
	return count;
}

async function analyze(scanner, label, dir, patterns, expectedFiles) {
	// The scanner passes a folder with nothing to lint; a scan that saw no code proves nothing.
	if (expectedFiles === 0) throw new Error(`scan (${label}): no files to analyze in ${dir}`);
	const result = await scanner.analyzePackage(dir, patterns);
	if (result.passed) {
		log(`scan (${label}): passed, ${expectedFiles} files`);
		return true;
	}
	log(`scan (${label}): FAILED: ${result.message}`);
	if (result.details) process.stdout.write(`${result.details}\n`);
	return false;
}

async function scan() {
	if (!fs.existsSync(SCANNER)) throw new Error(`${SCANNER} is missing: run npm install`);
	refuseNetwork();
	const scanner = await import(SCANNER);

	const sourceFiles =
		countFiles(path.join(ROOT, 'nodes'), ['.ts', '.js', '.json']) +
		countFiles(path.join(ROOT, 'credentials'), ['.ts', '.js', '.json']);
	const sourcePassed = await analyze(scanner, 'source', ROOT, scanner.SOURCE_FILE_PATTERNS, sourceFiles);

	const tarball = pack();
	const unpacked = `${tarball.slice(0, -'.tgz'.length)}-unpacked`;
	try {
		fs.mkdirSync(unpacked);
		run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const tarballPassed = await analyze(scanner, 'npm pack tarball', unpacked, TARBALL_PATTERNS, countFiles(unpacked, ['.js']));
		if (!sourcePassed || !tarballPassed) {
			const error = new Error('scan: n8n would refuse to verify this package (findings above)');
			error.exitCode = 1;
			throw error;
		}
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

module.exports = { scan };
