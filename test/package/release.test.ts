/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, never inside n8n; yaml comes with the dev tooling (n8n-core, @n8n/node-cli) */
import { readdirSync } from 'node:fs';

import { parse } from 'yaml';

import { assert, join, readFileSync } from '../harness/node';
import { describe, it } from '../harness/runner';

// Compiled to .cache/test-build/test/package/: the project is four folders up.
const ROOT = join(__dirname, '..', '..', '..', '..');

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { 'runs-on': string; permissions?: Record<string, string>; steps: Step[] }>;
}

/** Parses a workflow file strictly: a YAML error, a duplicate key or a missing job throws. */
function workflow(file: string): Workflow {
	const parsed = parse(read(file), { strict: true, uniqueKeys: true }) as Workflow;
	assert.equal(typeof parsed, 'object', `${file}: not a mapping`);
	assert.ok(parsed.jobs && Object.keys(parsed.jobs).length > 0, `${file}: no jobs`);
	return parsed;
}

/** The shell commands of a job's steps, in order, one per line of each `run:`. */
function commands(steps: Step[]): string[] {
	return steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim()).filter(Boolean));
}

function packageJson(): {
	scripts: Record<string, string>;
	engines: { node: string };
	devDependencies: Record<string, string>;
} {
	return JSON.parse(read('package.json'));
}

describe('Release: GitHub workflows', () => {
	it('ci.yml runs on pull requests and pushes to main: install, lint, test, scan, in that order', () => {
		const ci = workflow('.github/workflows/ci.yml');
		assert.ok('pull_request' in ci.on);
		assert.deepEqual((ci.on.push as { branches: string[] }).branches, ['main']);
		const [job] = Object.values(ci.jobs);
		assert.equal(job['runs-on'], 'ubuntu-latest');
		assert.ok(job.steps.some((step) => step.uses?.startsWith('actions/checkout@')));
		assert.deepEqual(commands(job.steps), ['npm ci --ignore-scripts', 'npm run lint', 'npm test', 'npm run scan']);
	});

	it('publish.yml publishes with provenance on a version tag, after the tests and the scan', () => {
		const publish = workflow('.github/workflows/publish.yml');
		assert.deepEqual((publish.on.push as { tags: string[] }).tags, ['*.*.*']);
		assert.equal(Object.keys(publish.on).length, 1, 'only a tag push publishes');
		const [job] = Object.values(publish.jobs);
		// npm's provenance statement is signed with the job's OIDC token.
		assert.equal(job.permissions?.['id-token'], 'write');
		assert.equal(job.permissions?.contents, 'read');
		const run = commands(job.steps);
		const at = (command: string) => {
			const index = run.findIndex((line) => line === command || line.endsWith(`&& ${command}`));
			assert.ok(index >= 0, `publish.yml does not run ${command}`);
			return index;
		};
		assert.equal(at('npm ci --ignore-scripts'), 0);
		assert.ok(at('npm test') < at('npm run release'));
		assert.ok(at('npm run scan') < at('npm run release'));
	});

	it('package.json: `npm run release` is n8n-node release, and a bare npm publish is refused', () => {
		const { scripts, devDependencies } = packageJson();
		assert.equal(scripts.release, 'n8n-node release');
		// n8n-node prerelease fails unless n8n-node release is the one publishing.
		assert.equal(scripts.prepublishOnly, 'n8n-node prerelease');
		assert.ok(devDependencies['@n8n/node-cli']);
	});

	it('package.json: the scanner is pinned to an exact version and `npm run scan` runs it', () => {
		const { scripts, devDependencies } = packageJson();
		assert.match(devDependencies['@n8n/scan-community-package'], /^\d+\.\d+\.\d+$/);
		assert.equal(scripts.scan, 'node scripts/run.js scan');
	});
});

describe('Release: what the package needs at run time', () => {
	/** `>=major.minor` only: the one form engines uses here, read without a semver library. */
	function admits(range: string, version: string): boolean {
		const match = /^>=(\d+)\.(\d+)$/.exec(range);
		assert.ok(match, `engines.node "${range}" is not of the form >=major.minor`);
		const [major, minor] = version.split('.').map(Number);
		return major > Number(match[1]) || (major === Number(match[1]) && minor >= Number(match[2]));
	}

	it('engines.node admits the Node of every n8n release it is tested on (1.123.x on 20.19+, 2.41.x on 24), not older', () => {
		const { node } = packageJson().engines;
		assert.ok(admits(node, '20.19'), 'n8n 1.123.x runs on Node 20.19+');
		assert.ok(admits(node, '24.0'), 'n8n 2.41.x runs on Node 24');
		assert.ok(!admits(node, '20.18'), 'n8n 1.123.x needs Node 20.19 or later');
		assert.ok(!admits(node, '18.20'));
	});
});

describe('Release: no inline lint exceptions in shipped code', () => {
	/** n8n's scanner lints with inline configuration off: an eslint-disable there hides nothing. */
	function sources(dir: string): string[] {
		return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
			const file = `${dir}/${entry.name}`;
			if (entry.isDirectory()) return sources(file);
			return /\.(ts|js|json)$/.test(entry.name) ? [file] : [];
		});
	}

	it('nodes/ and credentials/ hold no eslint-disable comment', () => {
		const files = [...sources('nodes'), ...sources('credentials')];
		assert.ok(files.length > 10, `only ${files.length} source files found`);
		const found = files.filter((file) => /eslint-disable|eslint-enable|\/\*\s*eslint\s/.test(read(file)));
		assert.deepEqual(found, []);
	});
});
