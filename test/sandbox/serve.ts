/**
 * Serves every provider sandbox in one process on fixed loopback ports (`npm run dev` starts it):
 *   node .cache/test-build/test/sandbox/serve.js [--imports <folder>]
 * Each sandbox listens on its provider's port (SANDBOX_PORT_<NAME> overrides it), seeded with
 * invoices in every status, plus 1,200 for Get Many to page through. GET
 * http://127.0.0.1:4009/ (SANDBOX_STATE_PORT) shows every sandbox's invoices as JSON; POST
 * http://127.0.0.1:4009/chargebee/invoices/<id>/delete (or /void) changes an invoice through the
 * Chargebee sandbox's own API, which then delivers the event to the webhook endpoints registered
 * there. With --imports, writes credentials.json and workflows.json there for
 * `n8n import:credentials` / `n8n import:workflow`: an example per provider, its Get Many -> write
 * with Dry Run workflow, the active mirror example (MIRROR_WORKFLOW_ID) and the drift sweep
 * (DRIFT_SWEEP_WORKFLOW_ID, docs/drift-sweep.md) over the drift seeded between the Chargebee and
 * ChartMogul sandboxes (served/drift.ts), with drift.json saying what it must find. Prints `ready`
 * once all listen.
 */
import { createServer, join, mkdirSync, nodeProcess, writeFileSync } from '../harness/node';

import { chainWorkflow, chargebeeMirrorWorkflow, credentialFile, driftSweepWorkflow, DRIFT_SWEEP_NODES, manualWorkflow } from '../e2e/workflows';
import type { ChargebeeSandbox } from './chargebee';
import type { ChartMogulSandbox } from './chartmogul';
import { SERVED } from './served';
import { DATA_SOURCE } from './served/chartmogul';
import { DRIFT_DATA_SOURCE, DRIFTED, seedDrift } from './served/drift';
import type { AnyServedProvider } from './served/types';

interface Running {
	provider: AnyServedProvider;
	sandbox: unknown;
	url: string;
}

const say = (line: string) => nodeProcess.stdout.write(`${line}\n`);

/** The example "Chargebee invoice deleted -> ChartMogul delete"; scripts/dev.js publishes it. */
export const MIRROR_WORKFLOW_ID = 'iopsMirrorCbCm01';
/** The drift sweep example; `npm run dev -- --check` runs it once (in Dry Run, as shipped). */
export const DRIFT_SWEEP_WORKFLOW_ID = 'iopsDriftSweep01';

/**
 * `POST /chargebee/invoices/<id>/<delete|void>` on the state port: the same call through the
 * Chargebee sandbox's API, with its key, so that the sandbox records the change and delivers
 * the event like Chargebee does.
 */
async function chargebeeAction(running: Running[], path: string): Promise<{ status: number; body: string } | undefined> {
	const match = /^\/chargebee\/invoices\/([^/]+)\/(delete|void)$/.exec(path);
	const chargebee = running.find(({ provider }) => provider.name === 'chargebee');
	if (!match || !chargebee) return undefined;
	const apiKey = String(chargebee.provider.credential(chargebee.url).data.apiKey);
	const response = await fetch(`${chargebee.url}/api/v2/invoices/${match[1]}/${match[2]}`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
			'Content-Type': 'application/x-www-form-urlencoded',
		},
		body: '',
	});
	return { status: response.status, body: await response.text() };
}

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
	const byName = (name: string) => running.find(({ provider }) => provider.name === name)!.provider;
	workflows.push(chargebeeMirrorWorkflow(MIRROR_WORKFLOW_ID, byName('chargebee'), byName('chartMogul'), DATA_SOURCE));
	const providers = { chargebee: byName('chargebee'), chartMogul: byName('chartMogul') };
	workflows.push(driftSweepWorkflow(DRIFT_SWEEP_WORKFLOW_ID, 'Drift sweep: Chargebee -> ChartMogul', providers, DRIFT_DATA_SOURCE));
	writeFileSync(join(folder, 'credentials.json'), JSON.stringify(credentials, null, 2));
	writeFileSync(join(folder, 'workflows.json'), JSON.stringify(workflows, null, 2));
	const drift = { workflowId: DRIFT_SWEEP_WORKFLOW_ID, nodes: DRIFT_SWEEP_NODES, dataSourceUuid: DRIFT_DATA_SOURCE, drifted: DRIFTED };
	writeFileSync(join(folder, 'drift.json'), JSON.stringify(drift, null, 2));
}

async function main() {
	const running: Running[] = [];
	for (const provider of SERVED) {
		const sandbox = await provider.start(portOf(provider));
		running.push({ provider, sandbox, url: provider.url(sandbox) });
		say(`${provider.displayName.padEnd(10)} sandbox on ${provider.url(sandbox)}`);
	}
	const sandboxOf = (name: string) => running.find(({ provider }) => provider.name === name)!.sandbox;
	seedDrift(sandboxOf('chargebee') as ChargebeeSandbox, sandboxOf('chartMogul') as ChartMogulSandbox);
	say(`Drift for the drift sweep: ${DRIFTED.join(', ')} are deleted or voided in Chargebee and still counted in ChartMogul`);

	const statePort = Number(nodeProcess.env.SANDBOX_STATE_PORT ?? 4009);
	const stateServer = createServer((request, response) => {
		if (request.method === 'POST') {
			void chargebeeAction(running, request.url ?? '/').then(
				(answer) => {
					response.writeHead(answer?.status ?? 404, { 'Content-Type': 'application/json' });
					response.end(answer?.body ?? JSON.stringify({ message: 'POST /chargebee/invoices/<id>/delete or /void' }));
				},
				(error: unknown) => {
					response.writeHead(502, { 'Content-Type': 'application/json' });
					response.end(JSON.stringify({ message: String(error) }));
				},
			);
			return;
		}
		const state = Object.fromEntries(running.map(({ provider, sandbox }) => [provider.name, provider.state(sandbox)]));
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify(state, null, 2));
	});
	await new Promise<void>((resolve) => stateServer.listen(statePort, '127.0.0.1', resolve));
	say(`Invoices of every sandbox: http://127.0.0.1:${statePort}/`);
	say(`Delete a Chargebee invoice (the mirror example then deletes it in ChartMogul): curl -X POST http://127.0.0.1:${statePort}/chargebee/invoices/cb_inv_1010/delete`);

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
