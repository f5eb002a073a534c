/**
 * Serves every provider sandbox in one process on fixed loopback ports (`npm run dev` starts it):
 *   node .cache/test-build/test/sandbox/serve.js [--imports <folder>]
 * Each sandbox listens on its provider's port (SANDBOX_PORT_<NAME> overrides it), seeded with
 * invoices in every status, plus 1,200 for Get Many to page through. GET http://127.0.0.1:4009/ (SANDBOX_STATE_PORT) shows every
 * sandbox's invoices as JSON. With --imports, writes credentials.json and workflows.json there
 * for `n8n import:credentials` / `n8n import:workflow` (an example per provider and its
 * Get Many -> write with Dry Run workflow). Prints `ready` once all listen.
 */
import { createServer, join, mkdirSync, nodeProcess, writeFileSync } from '../harness/node';

import { chainWorkflow, credentialFile, manualWorkflow } from '../e2e/workflows';
import { SERVED } from './served';
import type { AnyServedProvider } from './served/types';

interface Running {
	provider: AnyServedProvider;
	sandbox: unknown;
	url: string;
}

const say = (line: string) => nodeProcess.stdout.write(`${line}\n`);

const portOf = (provider: AnyServedProvider) =>
	Number(nodeProcess.env[`SANDBOX_PORT_${provider.name.toUpperCase()}`] ?? provider.port);

function writeImports(folder: string, running: Running[]) {
	mkdirSync(folder, { recursive: true });
	const credentials = running.map(({ provider, url }) => credentialFile(provider, url));
	const workflows = running.map(({ provider }, index) =>
		manualWorkflow(`iopsExample${index + 1}`, `${provider.displayName}: example`, provider, provider.example),
	);
	running.forEach(({ provider }, index) =>
		(provider.chains ?? []).forEach((chain, chainIndex) =>
			workflows.push(chainWorkflow(`iopsChain${index + 1}${chainIndex + 1}`, `${provider.displayName}: ${chain.title}`, provider, chain.first, chain.second)),
		),
	);
	writeFileSync(join(folder, 'credentials.json'), JSON.stringify(credentials, null, 2));
	writeFileSync(join(folder, 'workflows.json'), JSON.stringify(workflows, null, 2));
}

async function main() {
	const running: Running[] = [];
	for (const provider of SERVED) {
		const sandbox = await provider.start(portOf(provider));
		running.push({ provider, sandbox, url: provider.url(sandbox) });
		say(`${provider.displayName.padEnd(10)} sandbox on ${provider.url(sandbox)}`);
	}

	const statePort = Number(nodeProcess.env.SANDBOX_STATE_PORT ?? 4009);
	const stateServer = createServer((_request, response) => {
		const state = Object.fromEntries(running.map(({ provider, sandbox }) => [provider.name, provider.state(sandbox)]));
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify(state, null, 2));
	});
	await new Promise<void>((resolve) => stateServer.listen(statePort, '127.0.0.1', resolve));
	say(`Invoices of every sandbox: http://127.0.0.1:${statePort}/`);

	const importsAt = nodeProcess.argv.indexOf('--imports');
	if (importsAt !== -1) writeImports(nodeProcess.argv[importsAt + 1], running);

	const stop = async () => {
		stateServer.close();
		for (const { provider, sandbox } of running) await provider.close(sandbox);
		nodeProcess.exit(0);
	};
	nodeProcess.on('SIGTERM', () => void stop());
	nodeProcess.on('SIGINT', () => void stop());
	say('ready');
}

main().catch((error: unknown) => {
	nodeProcess.stderr.write(`${String((error as Error).stack ?? error)}\n`);
	nodeProcess.exit(1);
});
