/**
 * The package in n8n's queue mode: Redis, PostgreSQL, one main process taking the webhooks and
 * two `n8n worker` processes running the executions, all sharing one user folder (where the
 * package is installed) and one encryption key. Three questions, in order:
 * - a webhook storm (duplicates included, some at the same moment) against a provider that
 *   allows 20 requests/s: every invoice voided exactly once, every delivery answered 2xx; then a
 *   control, the same flow with the provider unlimited, measures what the cluster itself runs
 *   per second (below the limit, that bounds the storm's ratio);
 * - Fatora's minted token across two workers: every call succeeds, few tokens are minted;
 * - a worker killed in the middle of a storm: the sender's retries cover the lost answers and
 *   no invoice is voided twice.
 * Counts come from QUEUE_* variables (README, docs/running-at-scale.md); figures are printed and
 * written to .cache/queue-figures.json.
 */
import { assert, mkdirSync, nodeProcess, performance, readFileSync, writeFileSync, join } from '../../harness/node';
import { after, before, describe, it } from '../../harness/runner';

import type { ChargebeeSandbox } from '../../sandbox/chargebee';
import type { FatoraSandbox } from '../../sandbox/fatora';
import { chargebee } from '../../sandbox/served/chargebee';
import { fatora } from '../../sandbox/served/fatora';
import { activate, importCredentials, importWorkflows, n8nVersion } from '../n8n';
import { credentialFile, webhookWorkflow, type WorkflowFile } from '../workflows';
import {
	countBy,
	deliver,
	executionsStartedBy,
	executionsStalled,
	isSuccess,
	lastExecutionId,
	numberFromEnv,
	runPool,
	seeded,
	settledExecutions,
	startMain,
	startWorker,
	stormGroups,
	webhookRegistered,
	type Answer,
	type N8nProcess,
} from './cluster';

const STORM_DELIVERIES = numberFromEnv('QUEUE_STORM_DELIVERIES', 1000);
const STORM_INVOICES = numberFromEnv('QUEUE_STORM_INVOICES', 800);
const CRASH_DELIVERIES = numberFromEnv('QUEUE_CRASH_DELIVERIES', 250);
const CRASH_INVOICES = numberFromEnv('QUEUE_CRASH_INVOICES', 200);
const FATORA_DELIVERIES = numberFromEnv('QUEUE_FATORA_DELIVERIES', 50);
/** One-invoice deliveries of the control: the same flow with the provider unlimited. */
const CONTROL_DELIVERIES = numberFromEnv('QUEUE_CONTROL_DELIVERIES', 400);
/** The provider's limit: requests per second for the whole account. */
const RATE = numberFromEnv('QUEUE_RATE_LIMIT', 20);
/** Deliveries the sender keeps in flight. */
const SENDER_CONCURRENCY = numberFromEnv('QUEUE_SENDER_CONCURRENCY', 30);
/**
 * The node's Max Attempts. The executions of one worker share the account's rate budget, but the
 * two workers do not talk: between them the 429 + Retry-After is the brake, and an execution may
 * be turned away several times before its turn comes (more so while each worker's budget is
 * still learning a limit the node does not know: Chargebee's). 20 (the option's maximum) lets
 * every one wait its turn (docs/running-at-scale.md).
 */
const MAX_ATTEMPTS = numberFromEnv('QUEUE_MAX_ATTEMPTS', 20);
/** Executions each worker runs at once (`n8n worker --concurrency`). */
const WORKER_CONCURRENCY = numberFromEnv('QUEUE_WORKER_CONCURRENCY', 20);

/** Fatora deliveries in flight. */
const FATORA_CONCURRENCY = 10;

const VOID_ID = 'queuevoidstorm01';
const VOID_PATH = 'invoice-ops-queue-void';
const CONTROL_ID = 'queuevoidcontrol';
const CONTROL_PATH = 'invoice-ops-queue-control';
const FATORA_ID = 'queuefatoraget01';
const FATORA_PATH = 'invoice-ops-queue-fatora';

const DONE_OUTCOMES = ['voided', 'already_voided'];


/**
 * Webhook -> node -> Respond to Webhook, answering once the workflow is done (so a delivery is
 * answered 2xx only when the void happened), without Continue On Fail: a failed void is a failed
 * execution, answered with an error, and the sender delivers again.
 */
function webhookToNode(id: string, path: string, provider: typeof chargebee, parameters: Record<string, unknown>): WorkflowFile {
	const workflow = webhookWorkflow(id, path, provider, parameters);
	for (const node of workflow.nodes) delete node.onError;
	return workflow;
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const invoiceIds = (prefix: string, count: number) => range(count).map((index) => `${prefix}_${String(index + 1).padStart(4, '0')}`);

const figures: Record<string, unknown> = { n8n: n8nVersion(), rateLimitPerSecond: RATE, senderConcurrency: SENDER_CONCURRENCY, maxAttempts: MAX_ATTEMPTS, workerConcurrency: WORKER_CONCURRENCY };

function report(section: string, values: Record<string, unknown>) {
	figures[section] = values;
	const lines = Object.entries(values).map(([name, value]) => `    ${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
	nodeProcess.stderr.write(`\n[queue] ${section}\n${lines.join('\n')}\n`);
}

/** Figures about the requests the sandbox saw between two snapshots. */
function requestFigures(sandbox: ChargebeeSandbox, before: { requests: number; limited: number }) {
	const requests = sandbox.requests.length - before.requests;
	const limited = sandbox.server.rateLimited - before.limited;
	return { requests, limited, needed: requests - limited };
}

describe(`n8n ${n8nVersion()} in queue mode: main + 2 workers, Redis, PostgreSQL`, () => {
	let chargebeeSandbox: ChargebeeSandbox;
	let fatoraSandbox: FatoraSandbox;
	const processes: N8nProcess[] = [];
	let main: N8nProcess;
	const workers: N8nProcess[] = [];

	before(async () => {
		chargebeeSandbox = (await chargebee.start(0)) as ChargebeeSandbox;
		fatoraSandbox = (await fatora.start(0)) as FatoraSandbox;
		chargebeeSandbox.server.rateLimit = { requests: RATE, perMilliseconds: 1_000 };
		await importCredentials([credentialFile(chargebee, chargebeeSandbox.url), credentialFile(fatora, fatoraSandbox.url)]);
		await importWorkflows([
			webhookToNode(VOID_ID, VOID_PATH, chargebee, { resource: 'invoice', operation: 'void', options: { succeedIfAlreadyDone: true, maxAttempts: MAX_ATTEMPTS } }),
			webhookToNode(FATORA_ID, FATORA_PATH, fatora, { resource: 'invoice', operation: 'get' }),
			// Its own budget per execution (unpaced: Chargebee's limit is not documented), so the
			// storm's learnt rate does not slow it.
			webhookToNode(CONTROL_ID, CONTROL_PATH, chargebee, { resource: 'invoice', operation: 'void', options: { shareRateBudget: false } }),
		]);
		await activate(VOID_ID);
		await activate(CONTROL_ID);
		await activate(FATORA_ID);
		const remember = (process: N8nProcess) => (processes.push(process), process);
		await Promise.all([
			startMain().then((started) => (main = remember(started))),
			...[1, 2].map((index) => startWorker(index, WORKER_CONCURRENCY).then((worker) => (workers[index - 1] = remember(worker)))),
		]);
		await webhookRegistered(VOID_PATH);
		await webhookRegistered(FATORA_PATH);
		await webhookRegistered(CONTROL_PATH);
	});

	after(async () => {
		// Nothing is left to finish: the main process would otherwise wait for the dead worker's executions.
		await Promise.all(processes.map(async (process) => await process.stop(5_000)));
		// The logs outlive the cluster's temporary folder, for a look after a failure.
		const logs = join('.cache', 'queue-logs');
		mkdirSync(logs, { recursive: true });
		for (const process of processes) writeFileSync(join(logs, `${process.name}.log`), readFileSync(process.logFile));
		writeFileSync(join('.cache', 'queue-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
		await chargebeeSandbox?.close();
		await fatoraSandbox?.close();
	});

	it(`storm: ${STORM_DELIVERIES} deliveries for ${STORM_INVOICES} invoices at ${RATE} requests/s: each voided once, every delivery answered 2xx, no failed execution`, async () => {
		const ids = invoiceIds('q1_inv', STORM_INVOICES);
		for (const id of ids) chargebeeSandbox.addInvoice({ id, status: 'payment_due' });
		const groups = stormGroups(ids, STORM_DELIVERIES, seeded(16));
		const firstExecution = lastExecutionId();
		const snapshot = { requests: chargebeeSandbox.requests.length, limited: chargebeeSandbox.server.rateLimited };

		const started = performance.now();
		// One attempt per delivery: here every delivery must be answered 2xx the first time.
		const results = (
			await runPool(groups, SENDER_CONCURRENCY, async (id) => ({ id, answer: (await deliver(VOID_PATH, { invoiceId: id }, { timeoutMs: 180_000, maxAttempts: 1, retryDelayMs: 0 }))[0] }))
		).flat();
		const wallSeconds = (performance.now() - started) / 1000;
		const executions = await settledExecutions(VOID_ID, firstExecution);

		const { requests, limited, needed } = requestFigures(chargebeeSandbox, snapshot);
		const idealSeconds = needed / RATE;
		const outcomes = countBy(results, ({ answer }) => String(answer.json?.outcome ?? `HTTP ${answer.status}`));
		report('storm', {
			deliveries: results.length,
			invoices: ids.length,
			wallSeconds: Number(wallSeconds.toFixed(1)),
			requestsNeeded: needed,
			idealSecondsAtLimit: Number(idealSeconds.toFixed(1)),
			ratioToIdeal: Number((wallSeconds / idealSeconds).toFixed(2)),
			answered429: limited,
			answered429PerUseful: Number((limited / needed).toFixed(3)),
			requestsSeen: requests,
			outcomes,
			executionStatuses: countBy(executions, (row) => row.status),
			slowestDeliverySeconds: Number((Math.max(...results.map(({ answer }) => answer.ms)) / 1000).toFixed(1)),
		});

		const notDone = results.filter(({ answer }) => !isSuccess(answer) || !DONE_OUTCOMES.includes(String(answer.json?.outcome)));
		assert.deepEqual(notDone.slice(0, 5).map(({ id, answer }) => `${id}: ${answer.status} ${answer.text}`), [], `${notDone.length} deliveries not answered 2xx voided/already_voided`);
		const voidedTwice = ids.filter((id) => chargebeeSandbox.applied.get(id) !== 1 || chargebeeSandbox.invoices.get(id)!.status !== 'voided');
		assert.deepEqual(voidedTwice.map((id) => `${id}: applied ${chargebeeSandbox.applied.get(id) ?? 0}`), []);
		// The outcomes tell the truth: exactly one delivery per invoice says it voided it.
		const voidedAnswers = countBy(results.filter(({ answer }) => answer.json?.outcome === 'voided'), ({ id }) => id);
		assert.deepEqual(ids.filter((id) => voidedAnswers[id] !== 1), []);
		assert.deepEqual(countBy(executions, (row) => row.status), { success: STORM_DELIVERIES });
	});

	it(`control: ${CONTROL_DELIVERIES} one-invoice deliveries with the provider unlimited measure what this cluster itself runs per second`, async () => {
		const ids = invoiceIds('q0_inv', CONTROL_DELIVERIES);
		for (const id of ids) chargebeeSandbox.addInvoice({ id, status: 'payment_due' });
		const firstExecution = lastExecutionId();
		const limit = chargebeeSandbox.server.rateLimit;
		chargebeeSandbox.server.rateLimit = undefined;
		try {
			const started = performance.now();
			const results = (
				await runPool(ids.map((id) => [id]), SENDER_CONCURRENCY, async (id) => ({ id, answer: (await deliver(CONTROL_PATH, { invoiceId: id }, { timeoutMs: 180_000, maxAttempts: 1, retryDelayMs: 0 }))[0] }))
			).flat();
			const wallSeconds = (performance.now() - started) / 1000;
			const executions = await settledExecutions(CONTROL_ID, firstExecution);
			const perSecond = results.length / wallSeconds;
			// The storm cannot finish faster than this cluster runs its executions: below the limit,
			// that and not the pacing bounds its ratio.
			const storm = figures.storm as { requestsNeeded?: number; ratioToIdeal?: number } | undefined;
			const bestStormSeconds = storm?.requestsNeeded ? Math.max(storm.requestsNeeded / RATE, STORM_DELIVERIES / perSecond) : undefined;
			report('control', {
				deliveries: results.length,
				wallSeconds: Number(wallSeconds.toFixed(1)),
				executionsPerSecond: Number(perSecond.toFixed(1)),
				rateLimitPerSecond: RATE,
				bestReachableStormRatio: bestStormSeconds && storm?.requestsNeeded ? Number((bestStormSeconds / (storm.requestsNeeded / RATE)).toFixed(2)) : 'storm not run',
				stormRatioToIdeal: storm?.ratioToIdeal ?? 'storm not run',
			});
			const failed = results.filter(({ answer }) => !isSuccess(answer) || answer.json?.outcome !== 'voided');
			assert.deepEqual(failed.slice(0, 5).map(({ id, answer }) => `${id}: ${answer.status} ${answer.text}`), []);
			assert.deepEqual(countBy(executions, (row) => row.status), { success: CONTROL_DELIVERIES });
		} finally {
			chargebeeSandbox.server.rateLimit = limit;
		}
	});

	it(`Fatora across both workers: ${FATORA_DELIVERIES} deliveries all succeed; tokens minted are reported`, async () => {
		const firstExecution = lastExecutionId();
		const authorizeBefore = fatoraSandbox.authorizeRequests.length;
		const seededIds = ['3001', '3002', '3003', '3004'];
		const groups = range(FATORA_DELIVERIES).map((index) => [seededIds[index % seededIds.length]]);
		const results = (
			await runPool(groups, FATORA_CONCURRENCY, async (id) => ({ id, answer: (await deliver(FATORA_PATH, { invoiceId: id }, { timeoutMs: 60_000, maxAttempts: 1, retryDelayMs: 0 }))[0] }))
		).flat();
		const executions = await settledExecutions(FATORA_ID, firstExecution);
		const executionIds = new Set(executions.map((row) => row.id));
		const perWorker = Object.fromEntries(workers.map((worker) => [worker.name, [...executionsStartedBy(worker)].filter((id) => executionIds.has(id)).length]));
		const minted = fatoraSandbox.authorizeRequests.length - authorizeBefore;
		report('fatora', {
			deliveries: results.length,
			outcomes: countBy(results, ({ answer }) => String(answer.json?.outcome ?? `HTTP ${answer.status}`)),
			executionStatuses: countBy(executions, (row) => row.status),
			executionsPerWorker: perWorker,
			tokensMinted: minted,
		});

		const failed = results.filter(({ answer }) => !isSuccess(answer) || answer.json?.outcome !== 'fetched');
		assert.deepEqual(failed.slice(0, 5).map(({ id, answer }) => `${id}: ${answer.status} ${answer.text}`), []);
		assert.deepEqual(countBy(executions, (row) => row.status), { success: FATORA_DELIVERIES });
		for (const [worker, count] of Object.entries(perWorker)) assert.ok(count > 0, `${worker} ran none of the Fatora executions: ${JSON.stringify(perWorker)}`);
		assert.ok(minted >= 1, 'no token was minted');
		// n8n stores a minted token in the credential (in the database every process reads) but
		// does not serialise minting: every execution that starts before the first token is stored
		// mints its own. So at most one per execution of the first wave (10 in flight), none after.
		assert.ok(minted <= FATORA_CONCURRENCY, `${minted} tokens minted for ${FATORA_DELIVERIES} deliveries`);
	});

	it(`a worker dies: SIGKILL during a storm of ${CRASH_DELIVERIES} deliveries for ${CRASH_INVOICES} fresh invoices; the sender's retries leave each voided exactly once`, async () => {
		const ids = invoiceIds('q2_inv', CRASH_INVOICES);
		for (const id of ids) chargebeeSandbox.addInvoice({ id, status: 'payment_due' });
		const groups = stormGroups(ids, CRASH_DELIVERIES, seeded(17));
		const firstExecution = lastExecutionId();
		const snapshot = { requests: chargebeeSandbox.requests.length, limited: chargebeeSandbox.server.rateLimited };
		const [victim, survivor] = workers;
		const killAfter = Math.max(1, Math.floor(CRASH_DELIVERIES / 4));
		let answered = 0;
		let killedAtSeconds = 0;
		let appliedAtKill = 0;

		const started = performance.now();
		const results = (
			await runPool(groups, SENDER_CONCURRENCY, async (id) => {
				// A webhook sender re-sends what was not answered 2xx; an answer that never comes counts
				// after the timeout.
				const answers: Answer[] = await deliver(VOID_PATH, { invoiceId: id }, { timeoutMs: 30_000, maxAttempts: 10, retryDelayMs: 1_000 });
				if (isSuccess(answers[answers.length - 1]) && ++answered === killAfter) {
					victim.kill();
					killedAtSeconds = (performance.now() - started) / 1000;
					appliedAtKill = ids.filter((invoice) => chargebeeSandbox.applied.has(invoice)).length;
				}
				return { id, answers };
			})
		).flat();
		const wallSeconds = (performance.now() - started) / 1000;
		await victim.exited;
		// The jobs the dead worker held stay active in the queue until their lock expires and a
		// stalled-job check (run by the surviving worker) fails them: n8n 2.41.1 allows no stalled
		// job to run again (maxStalledCount 0), and stores those executions as errors.
		const settled = await settledExecutions(VOID_ID, firstExecution, 180_000);
		const settledSeconds = (performance.now() - started) / 1000;
		const statusOf = new Map(settled.map((row) => [row.id, row.status]));
		const notSucceeded = settled.filter((row) => row.status !== 'success');
		const stalledIds = executionsStalled(main);
		const stalled = notSucceeded.filter((row) => stalledIds.has(row.id)).map((row) => row.id);
		const ranOnVictim = [...executionsStartedBy(victim)].filter((id) => statusOf.has(id));
		const startedOnSurvivor = executionsStartedBy(survivor);
		const rerunOnSurvivor = notSucceeded.filter((row) => startedOnSurvivor.has(row.id));
		const retried = results.filter(({ answers }) => answers.length > 1);
		// Which executions tried to void each invoice (the idempotency key names the execution).
		const voidRequests = chargebeeSandbox.requests
			.slice(snapshot.requests)
			.filter((request) => request.method === 'POST' && request.rawPath.endsWith('/void'));
		const executionsPerInvoice = new Map<string, Set<string>>();
		for (const request of voidRequests) {
			const invoice = request.segments[3];
			const keys = executionsPerInvoice.get(invoice) ?? new Set<string>();
			keys.add(String(request.headers['chargebee-idempotency-key']));
			executionsPerInvoice.set(invoice, keys);
		}
		const last = (answers: Answer[]) => answers[answers.length - 1];
		report('workerKilled', {
			deliveries: results.length,
			invoices: ids.length,
			killedAfterSeconds: Number(killedAtSeconds.toFixed(1)),
			invoicesVoidedWhenKilled: appliedAtKill,
			wallSeconds: Number(wallSeconds.toFixed(1)),
			executionsSettledAfterSeconds: Number(settledSeconds.toFixed(1)),
			...requestFigures(chargebeeSandbox, snapshot),
			deliveriesRetried: retried.length,
			firstAnswersOfRetriedDeliveries: countBy(retried, ({ answers }) => (answers[0].status === 0 ? answers[0].text : `HTTP ${answers[0].status}`)),
			finalOutcomes: countBy(results, ({ answers }) => String(last(answers).json?.outcome ?? `HTTP ${last(answers).status}`)),
			outcomesOfRetriedDeliveries: countBy(retried, ({ answers }) => String(last(answers).json?.outcome ?? 'none')),
			executionStatuses: countBy(settled, (row) => row.status),
			executionsStartedOnKilledWorker: ranOnVictim.length,
			notSucceeded: notSucceeded.map((row) => `${row.id}: ${row.status}${ranOnVictim.includes(row.id) ? ' (started on the killed worker)' : ''}`),
			notSucceededBecauseTheirJobStalled: stalled.length,
			notSucceededRerunOnOtherWorker: rerunOnSurvivor.length,
			invoicesVoidSentByTwoExecutions: [...executionsPerInvoice.values()].filter((keys) => keys.size > 1).length,
		});

		assert.ok(notSucceeded.length > 0, 'the kill interrupted no execution: nothing was tested');
		const notDone = results.filter(({ answers }) => !isSuccess(last(answers)) || !DONE_OUTCOMES.includes(String(last(answers).json?.outcome)));
		assert.deepEqual(notDone.slice(0, 5).map(({ id, answers }) => `${id}: ${answers.map((answer) => `${answer.status} ${answer.text}`).join(' | ')}`), []);
		const wrong = ids.filter((id) => chargebeeSandbox.applied.get(id) !== 1 || chargebeeSandbox.invoices.get(id)!.status !== 'voided');
		assert.deepEqual(wrong.map((id) => `${id}: status ${chargebeeSandbox.invoices.get(id)!.status}, applied ${chargebeeSandbox.applied.get(id) ?? 0}`), []);
		// Only the kill stopped executions: every one that did not succeed is one whose job stalled
		// (held by the dead worker), none where the node gave up.
		assert.deepEqual(notSucceeded.filter((row) => !stalled.includes(row.id)), []);
		assert.ok(settled.length >= CRASH_DELIVERIES, `${settled.length} executions for ${CRASH_DELIVERIES} deliveries`);
	});
});
