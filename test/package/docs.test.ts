/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, never inside n8n */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, normalize } from 'node:path';

import type { INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

import { nodeTypes, PACKAGE } from '../harness/package';
import { assert, join, readFileSync, spawnSync } from '../harness/node';
import { describe, it } from '../harness/runner';

// Compiled to .cache/test-build/test/package/: the project is four folders up.
const ROOT = join(__dirname, '..', '..', '..', '..');
const REPOSITORY_URL = 'https://github.com/invoice-ops/n8n-nodes-invoice-ops';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The Markdown files a reader of the repository is sent between. */
function documents(): string[] {
	const docs = readdirSync(join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`);
	return ['README.md', 'CHANGELOG.md', ...docs];
}

/** Text outside fenced code blocks, line by line. */
function prose(markdown: string): string[] {
	let fenced = false;
	return markdown.split('\n').filter((line) => {
		if (line.startsWith('```')) fenced = !fenced;
		return !fenced && !line.startsWith('```');
	});
}

/** The anchors GitHub gives a document's headings (lower case, punctuation dropped, spaces to -). */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const found = new Set<string>();
	for (const line of prose(markdown)) {
		const heading = /^#{1,6}\s+(.*)$/.exec(line);
		if (!heading) continue;
		const slug = heading[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		found.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return found;
}

/** Checks that `target` (a repository path, optionally `#anchor`) exists; returns a problem or undefined. */
function problemWith(target: string, from: string): string | undefined {
	const [path, anchor] = target.split('#');
	const file = path === '' ? from : normalize(join(dirname(from), path));
	if (!existsSync(join(ROOT, file))) return `${from}: ${target} (no file ${file})`;
	if (anchor !== undefined && file.endsWith('.md') && !anchors(read(file)).has(anchor)) {
		return `${from}: ${target} (no heading #${anchor} in ${file})`;
	}
	return undefined;
}

describe('Docs: links inside the repository resolve', () => {
	it('every relative link and anchor in README.md, CHANGELOG.md and docs/ points at an existing file and heading', () => {
		const problems: string[] = [];
		let links = 0;
		for (const file of documents()) {
			for (const line of prose(read(file))) {
				for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
					if (/^[a-z]+:/.test(target)) continue;
					links++;
					const problem = problemWith(target, file);
					if (problem) problems.push(problem);
				}
			}
		}
		assert.ok(links > 20, `only ${links} relative links found`);
		assert.deepEqual(problems, []);
	});

	it("the nodes' and credentials' documentation links point at an existing file and heading of this repository", () => {
		const sources = [
			...readdirSync(join(ROOT, 'credentials')).map((name) => `credentials/${name}`),
			...readdirSync(join(ROOT, 'nodes')).flatMap((dir) =>
				existsSync(join(ROOT, 'nodes', dir, `${dir}.node.json`)) ? [`nodes/${dir}/${dir}.node.json`] : [],
			),
		];
		const problems: string[] = [];
		let links = 0;
		for (const file of sources) {
			for (const [url] of read(file).matchAll(new RegExp(`${REPOSITORY_URL}[^"'\`\\s]*`, 'g'))) {
				links++;
				const rest = url.slice(REPOSITORY_URL.length);
				const target = rest.startsWith('/blob/main/') ? rest.slice('/blob/main/'.length) : `README.md${rest}`;
				const problem = problemWith(target, 'README.md');
				if (problem) problems.push(`${file}: ${url}`);
			}
		}
		assert.ok(links >= 13, `only ${links} documentation links found`);
		assert.deepEqual(problems, []);
	});
});

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

interface Workflow {
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

/** Every JSON block of the docs that is a workflow (has `nodes` and `connections`). */
function exampleWorkflows(): Array<{ file: string; workflow: Workflow }> {
	const found: Array<{ file: string; workflow: Workflow }> = [];
	for (const file of documents()) {
		for (const [, block] of read(file).matchAll(/```json\n([\s\S]*?)\n```/g)) {
			const parsed = JSON.parse(block) as Partial<Workflow>;
			if (parsed.nodes && parsed.connections) found.push({ file, workflow: parsed as Workflow });
		}
	}
	return found;
}

function descriptionOf(node: INodeType | IVersionedNodeType, version: number) {
	return 'nodeVersions' in node ? node.nodeVersions[version]?.description : node.description;
}

/** What is wrong with one of this package's nodes in an example, as readable lines. */
function problemsOf(node: WorkflowNode, types: Map<string, INodeType | IVersionedNodeType>): string[] {
	const type = types.get(node.type);
	if (!type) return [`"${node.name}": no node type ${node.type} in the package`];
	const description = descriptionOf(type, node.typeVersion);
	if (!description) return [`"${node.name}": ${node.type} has no version ${node.typeVersion}`];
	const problems: string[] = [];
	const properties = new Map<string, INodeProperties[]>();
	for (const property of description.properties) {
		properties.set(property.name, [...(properties.get(property.name) ?? []), property]);
	}
	for (const [name, value] of Object.entries(node.parameters)) {
		const candidates = properties.get(name);
		if (!candidates) {
			problems.push(`"${node.name}": no parameter ${name}`);
			continue;
		}
		if (typeof value === 'string' && value.startsWith('=')) continue;
		const options = candidates.flatMap((property) => property.options ?? []);
		if (candidates.some((property) => property.type === 'options')) {
			const values = options.map((option) => ('value' in option ? option.value : undefined));
			if (!values.includes(value as string)) problems.push(`"${node.name}": ${name} has no value ${JSON.stringify(value)}`);
		}
		if (candidates.some((property) => property.type === 'collection')) {
			const names = options.map((option) => option.name);
			for (const key of Object.keys(value as object)) {
				if (!names.includes(key)) problems.push(`"${node.name}": ${name} has no option ${key}`);
			}
		}
	}
	const credentialNames = (description.credentials ?? []).map((credential) => credential.name);
	for (const credential of Object.keys(node.credentials ?? {})) {
		if (!credentialNames.includes(credential)) problems.push(`"${node.name}": no credential ${credential}`);
	}
	return problems;
}

describe('Docs: the example workflows fit the package', () => {
	it("every example workflow's Invoice Ops nodes use real parameters, values, options and credentials, and its connections real nodes", () => {
		const examples = exampleWorkflows();
		assert.ok(examples.length >= 3, `only ${examples.length} example workflows found`);
		const types = nodeTypes();
		const problems: string[] = [];
		let packageNodes = 0;
		for (const { file, workflow } of examples) {
			const names = new Set(workflow.nodes.map((node) => node.name));
			assert.equal(names.size, workflow.nodes.length, `${file}: two nodes share a name`);
			for (const [from, { main }] of Object.entries(workflow.connections)) {
				for (const to of [from, ...main.flat().map((link) => link.node)]) {
					if (!names.has(to)) problems.push(`${file}: connection names a missing node "${to}"`);
				}
			}
			for (const node of workflow.nodes.filter((candidate) => candidate.type.startsWith(`${PACKAGE}.`))) {
				packageNodes++;
				problems.push(...problemsOf(node, types).map((problem) => `${file}: ${problem}`));
			}
		}
		assert.ok(packageNodes >= 3, `only ${packageNodes} Invoice Ops nodes in the examples`);
		assert.deepEqual(problems, []);
	});
});

/** The README's budget: what a new user reads in five minutes; everything else is in docs/. */
const README_MAX_BYTES = 20_000;

/** Paths named in backticks: a folder of the repository, or a file name with an extension. */
const NAMED_PATH = /^(?:(?:nodes|credentials|test|scripts|docs|\.github|\.ci)\/[\w./-]+|[\w.-]+\.(?:md|json|ts|js|mjs|yml|sh|png))$/;

/** The repository's files as git knows them (what a clean clone has). */
function trackedFiles(): string[] {
	const listed = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(listed.status, 0, String(listed.stderr));
	return String(listed.stdout).split('\n').filter(Boolean);
}

/** Every `path` in backticks in the prose of the docs (placeholders such as `<provider>` left out). */
function namedPaths(): Array<{ file: string; path: string }> {
	const found: Array<{ file: string; path: string }> = [];
	for (const file of documents()) {
		for (const line of prose(read(file))) {
			for (const [, token] of line.matchAll(/`([^`\s]+)`/g)) {
				const path = token.replace(/[.,:;)]+$/, '').split('#')[0];
				if (NAMED_PATH.test(path) && !/[<>*{}]/.test(path)) found.push({ file, path });
			}
		}
	}
	return found;
}

describe('Docs: what README.md and docs/ name exists', () => {
	it(`README.md is at most ${README_MAX_BYTES.toLocaleString('en-US')} bytes`, () => {
		const bytes = statSync(join(ROOT, 'README.md')).size;
		assert.ok(bytes <= README_MAX_BYTES, `README.md is ${bytes} bytes; move detail to docs/`);
	});

	it('every file path named in backticks exists (a bare file name: somewhere in the repository)', () => {
		const tracked = trackedFiles();
		const problems: string[] = [];
		const named = namedPaths();
		for (const { file, path } of named) {
			const exists = path.includes('/')
				? existsSync(join(ROOT, path.replace(/\/$/, '')))
				: tracked.some((candidate) => candidate === path || candidate.endsWith(`/${path}`));
			if (!exists) problems.push(`${file}: \`${path}\``);
		}
		assert.ok(named.length > 30, `only ${named.length} paths found`);
		assert.deepEqual(problems, []);
	});

	it('every parameter named with its display name, "Display Name (`name`)", is that parameter of a node', () => {
		const namesOf = new Map<string, Set<string>>();
		const add = (displayName: string, name: string) => namesOf.set(displayName, (namesOf.get(displayName) ?? new Set()).add(name));
		const walk = (properties: INodeProperties[]) => {
			for (const property of properties) {
				add(property.displayName, property.name);
				if (property.name === 'operation') {
					for (const option of (property.options ?? []) as INodePropertyOptions[]) add(option.name, String(option.value));
				}
				if (property.type === 'collection') walk((property.options ?? []) as INodeProperties[]);
			}
		};
		for (const node of nodeTypes().values()) {
			const versions: INodeTypeDescription[] = 'nodeVersions' in node ? Object.values(node.nodeVersions).map((version) => version.description) : [node.description];
			for (const description of versions) {
				add(description.displayName, description.name);
				walk(description.properties);
			}
		}
		const problems: string[] = [];
		let checked = 0;
		for (const file of documents()) {
			for (const line of prose(read(file))) {
				// "Keyword (`keyword`)", also "From / To (`from`, `to`)": display names and names in pairs.
				const pattern = /(?:\*\*)?((?:[A-Z]\w*(?: [A-Z]\w*)*)(?: \/ [A-Z]\w*(?: [A-Z]\w*)*)*)(?:\*\*)? \(((?:`[a-zA-Z]+`(?:, | \/ )?)+)/g;
				for (const [, displayList, nameList] of line.matchAll(pattern)) {
					const displayNames = displayList.split(' / ');
					const names = [...nameList.matchAll(/`([a-zA-Z]+)`/g)].map(([, name]) => name);
					if (displayNames.length !== names.length) continue;
					displayNames.forEach((displayName, index) => {
						const known = namesOf.get(displayName);
						if (!known) return;
						checked++;
						if (!known.has(names[index])) problems.push(`${file}: ${displayName} (\`${names[index]}\`) is ${[...known].join(' or ')}`);
					});
				}
			}
		}
		assert.ok(checked >= 15, `only ${checked} parameters checked`);
		assert.deepEqual(problems, []);
	});
});
