/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-require-imports -- test code runs in Node, never inside n8n */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

/** The package name: full node types are `${PACKAGE}.<name>`, as users get them. */
export const PACKAGE = 'n8n-nodes-invoice-ops';

// Compiled to .cache/test-build/test/harness/: the build root is two folders up, the project three.
const BUILD_ROOT = join(__dirname, '..', '..');
const PROJECT_ROOT = join(BUILD_ROOT, '..', '..');

interface PackageJson {
	n8n: { nodes: string[]; credentials: string[] };
}

/**
 * Loads each class listed in package.json's `n8n` section the way n8n does (the class named
 * like the file), from the test build instead of `dist/`. A node or credential missing from
 * package.json is therefore missing here too.
 */
function loadListed<T>(kind: 'nodes' | 'credentials'): T[] {
	const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;
	return manifest.n8n[kind].map((file) => {
		const className = basename(file).split('.')[0];
		const module = require(join(BUILD_ROOT, file.replace(/^dist\//, ''))) as Record<string, new () => T>;
		const Class = module[className];
		if (!Class) throw new Error(`${file} does not export a class named ${className}`);
		return new Class();
	});
}

/** Every node of the package, by full type. */
export function nodeTypes(): Map<string, INodeType | IVersionedNodeType> {
	return new Map(
		loadListed<INodeType>('nodes').map((node) => [`${PACKAGE}.${node.description.name}`, node]),
	);
}

/** Every credential type of the package. */
export function credentialTypes(): ICredentialType[] {
	return loadListed<ICredentialType>('credentials');
}
