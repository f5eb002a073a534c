import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { Budget, budgetFor, registeredBudgets, releaseBudgets, type RemainingQuota } from '../../nodes/shared/budget';
import { VirtualClock, busiestWindow } from '../harness/clock';
import { runNode } from '../harness/engine';
import { ChargebeeSandbox } from '../sandbox/chargebee';
import { ChartMogulSandbox } from '../sandbox/chartmogul';
import { chargebee as chargebeeProvider } from '../../nodes/Chargebee/provider';
import { DELIVERY_RETRY_POLICY } from '../../nodes/Chargebee/webhook';
import { CLOCKED_CHARGEBEE, testClock, testNodeTypes } from './test-nodes';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/**
 * A provider stand-in on the virtual clock: at most `limit` arrivals in any `windowMs` (a sliding
 * window, as strict as a provider can be), else 429 with Retry-After in whole seconds (at least
 * one), like the sandboxes. Shared by every simulated process that sends to it.
 */
class SimulatedProvider {
	private readonly arrivals: number[] = [];

	inFlight = 0;

	maxInFlight = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	answer(at: number): { statusCode: number; retryAfterMs?: number; quota: RemainingQuota } {
		while (this.arrivals.length > 0 && this.arrivals[0] <= at - this.windowMs) this.arrivals.shift();
		if (this.arrivals.length < this.limit) {
			this.arrivals.push(at);
			return { statusCode: 200, quota: { remaining: this.limit - this.arrivals.length, intervalMs: this.windowMs } };
		}
		const waitMs = this.arrivals[0] + this.windowMs - at;
		return { statusCode: 429, retryAfterMs: Math.max(1, Math.ceil(waitMs / 1000)) * 1000, quota: { remaining: 0, intervalMs: this.windowMs } };
	}
}

interface Tally {
	/** Virtual times of useful (answered 2xx) requests, and of 429s. */
	useful: number[];
	refused: number[];
}

/**
 * One execution as the transport runs it: take from the budget, send (an answer after
 * `latencyMs`), release, learn, and on a 429 hold the budget and retry after the wait. Stops
 * after `requests` useful requests or at virtual time `until`.
 */
async function execution(
	budget: Budget,
	clock: VirtualClock,
	provider: SimulatedProvider,
	tally: Tally,
	{ requests = Number.POSITIVE_INFINITY, until = Number.POSITIVE_INFINITY, latencyMs = 40, headers = false } = {},
) {
	let done = 0;
	while (done < requests && clock.now() < until) {
		const ticket = await budget.take();
		const reply = provider.answer(clock.now());
		provider.inFlight++;
		provider.maxInFlight = Math.max(provider.maxInFlight, provider.inFlight);
		await clock.sleep(latencyMs);
		provider.inFlight--;
		budget.release(ticket);
		budget.learn(ticket, { statusCode: reply.statusCode, retryAfterMs: reply.retryAfterMs, quota: headers ? reply.quota : undefined });
		if (reply.statusCode === 429) {
			tally.refused.push(clock.now());
			budget.holdUntil(clock.now() + reply.retryAfterMs!);
			await clock.sleep(reply.retryAfterMs!);
			continue;
		}
		tally.useful.push(clock.now());
		done++;
	}
}

const newTally = (): Tally => ({ useful: [], refused: [] });
const between = (times: number[], from: number, to: number) => times.filter((at) => at >= from && at < to).length;

describe('Rate budget: the executions of one process pace together (simulated on the virtual clock)', () => {
	it('a 429 in one execution holds every other execution of the budget for the wait it asks', async () => {
		const clock = new VirtualClock();
		const budget = new Budget({ ceiling: { requests: 10, perMilliseconds: 1000 }, clock });
		// Refuses the very first request only, asking for 2 s.
		let first = true;
		const sends: Array<{ execution: number; at: number }> = [];
		const run = async (index: number) => {
			for (let done = 0; done < 3; ) {
				const ticket = await budget.take();
				sends.push({ execution: index, at: clock.now() });
				const refused = first;
				first = false;
				await clock.sleep(10);
				budget.release(ticket);
				budget.learn(ticket, { statusCode: refused ? 429 : 200, retryAfterMs: refused ? 2000 : undefined });
				if (refused) {
					budget.holdUntil(clock.now() + 2000);
					await clock.sleep(2000);
					continue;
				}
				done++;
			}
		};
		await Promise.all(range(4).map(run));

		// Execution 0's first request was refused at 10 ms; the others' next sends were due at 103,
		// 206, ... (10/s, 3% under): none left before the hold ended at 2010.
		const held = sends.filter(({ at }) => at > 10 && at < 2010);
		assert.deepEqual(held, [], `sent during the hold: ${JSON.stringify(held)}`);
		assert.equal(sends.length, 13);
		assert.deepEqual(new Set(sends.filter(({ at }) => at >= 2010).map(({ execution }) => execution)), new Set([0, 1, 2, 3]));
	});

	it('with the limit unknown, it learns it from 429s: 20 executions end near the limit with few 429s', async () => {
		const clock = new VirtualClock();
		const provider = new SimulatedProvider(20, 1000);
		const budget = new Budget({ clock });
		const tally = newTally();
		await Promise.all(range(20).map(async () => await execution(budget, clock, provider, tally, { requests: 40 })));

		const seconds = clock.now() / 1000;
		// 800 useful requests at 20/s: 40 s at the very least.
		assert.equal(tally.useful.length, 800);
		assert.ok(seconds <= 40 * 1.1, `took ${seconds.toFixed(1)} s, over 1.10 x the 40 s floor`);
		// The first crowd (all twenty executions sent again before the first 429 came back) and
		// hardly any after it: one cut per hold, and the probing past the limit is slow.
		assert.ok(tally.refused.length <= 20 + 5, `${tally.refused.length} 429s`);
		assert.ok(budget.requestsPerSecond! > 17 && budget.requestsPerSecond! <= 21, `paces at ${budget.requestsPerSecond}/s`);
	});

	it('two processes sharing one account (two budgets, one provider) settle near half the limit each, without talking', async () => {
		const clock = new VirtualClock();
		const provider = new SimulatedProvider(20, 1000);
		const budgets = [new Budget({ clock }), new Budget({ clock })];
		const tallies = [newTally(), newTally()];
		await Promise.all(
			budgets.flatMap((budget, process) => range(10).map(async () => await execution(budget, clock, provider, tallies[process], { until: 120_000 }))),
		);

		const rates = budgets.map((budget) => budget.requestsPerSecond!);
		for (const rate of rates) assert.ok(rate >= 6 && rate <= 13, `rates ${rates.join(', ')}`);
		// Over the last minute, both together use most of the limit, with few 429s.
		const useful = tallies.reduce((sum, tally) => sum + between(tally.useful, 60_000, 120_000), 0);
		const refused = tallies.reduce((sum, tally) => sum + between(tally.refused, 60_000, 120_000), 0);
		assert.ok(useful >= 20 * 60 * 0.85, `${useful} useful requests in the last 60 s`);
		assert.ok(refused <= useful * 0.05, `${refused} 429s for ${useful} useful requests`);
		for (const tally of tallies) assert.ok(between(tally.useful, 60_000, 120_000) >= 20 * 60 * 0.3, 'each process gets its share');
	});

	it('a documented limit starts at it and stays a ceiling; two processes cut to their share and grow back towards it', async () => {
		const clock = new VirtualClock();
		const provider = new SimulatedProvider(20, 1000);
		const ceiling = { requests: 20, perMilliseconds: 1000 };
		const alone = new Budget({ ceiling, clock });
		assert.equal(alone.requestsPerSecond, 20);
		const budgets = [alone, new Budget({ ceiling, clock })];
		const tallies = [newTally(), newTally()];
		const seen: number[] = [];
		await Promise.all([
			...budgets.flatMap((budget, process) => range(10).map(async () => await execution(budget, clock, provider, tallies[process], { until: 90_000 }))),
			(async () => {
				while (clock.now() < 90_000) {
					await clock.sleep(500);
					seen.push(...budgets.map((budget) => budget.requestsPerSecond!));
				}
			})(),
		]);
		assert.ok(Math.max(...seen) <= 20, 'never above the ceiling');
		assert.ok(Math.min(...seen) < 15, 'cut under two processes');
		const useful = tallies.reduce((sum, tally) => sum + between(tally.useful, 30_000, 90_000), 0);
		const refused = tallies.reduce((sum, tally) => sum + between(tally.refused, 30_000, 90_000), 0);
		assert.ok(useful >= 20 * 60 * 0.85, `${useful} useful requests in 60 s`);
		assert.ok(refused <= useful * 0.05, `${refused} 429s for ${useful} useful requests`);
	});

	it("paces from the provider's remaining-quota headers: with another process using the account, hardly a 429", async () => {
		const clock = new VirtualClock();
		// HighLevel's burst limit: 100 per 10 s.
		const provider = new SimulatedProvider(100, 10_000);
		const ceiling = { requests: 100, perMilliseconds: 10_000 };
		const budgets = [new Budget({ ceiling, clock }), new Budget({ ceiling, clock })];
		const tallies = [newTally(), newTally()];
		// The second process starts 30 s later, after the first had the account to itself.
		await Promise.all([
			...range(4).map(async () => await execution(budgets[0], clock, provider, tallies[0], { until: 120_000, headers: true })),
			(async () => {
				await clock.sleep(30_000);
				await Promise.all(range(4).map(async () => await execution(budgets[1], clock, provider, tallies[1], { until: 120_000, headers: true })));
			})(),
		]);

		assert.ok(between(tallies[0].useful, 0, 30_000) >= 280, 'alone, the first process ran at the limit');
		const refused = tallies[0].refused.length + tallies[1].refused.length;
		// At most the few the newcomer sent before its first answers carried the headers.
		assert.ok(refused <= 5, `${refused} 429s`);
		const useful = tallies.reduce((sum, tally) => sum + between(tally.useful, 60_000, 120_000), 0);
		assert.ok(useful >= 10 * 60 * 0.85, `${useful} useful requests in the last 60 s`);
	});

	it('without the headers the same two processes meet 429s (the headers are what spared them)', async () => {
		const clock = new VirtualClock();
		const provider = new SimulatedProvider(100, 10_000);
		const ceiling = { requests: 100, perMilliseconds: 10_000 };
		const budgets = [new Budget({ ceiling, clock }), new Budget({ ceiling, clock })];
		const tallies = [newTally(), newTally()];
		await Promise.all(budgets.flatMap((budget, process) => range(4).map(async () => await execution(budget, clock, provider, tallies[process], { until: 60_000 }))));
		const refused = tallies[0].refused.length + tallies[1].refused.length;
		assert.ok(refused > 10, `${refused} 429s`);
	});

	it('a 429 when nothing of the budget got through (one request, or another process took the window) leaves the rate alone', () => {
		const clock = new VirtualClock();
		const budget = new Budget({ clock });
		budget.learn({ sentAt: 0, released: false }, { statusCode: 429, retryAfterMs: 1000 });
		assert.equal(budget.requestsPerSecond, undefined, 'still unpaced: the hold is the brake');
	});

	it('keeps the in-flight cap across executions', async () => {
		const clock = new VirtualClock();
		const provider = new SimulatedProvider(10_000, 1000);
		const budget = new Budget({ maxInFlight: 20, clock });
		const tally = newTally();
		await Promise.all(range(35).map(async () => await execution(budget, clock, provider, tally, { requests: 3, latencyMs: 200 })));
		assert.equal(tally.useful.length, 105);
		assert.equal(provider.maxInFlight, 20);
		assert.equal(budget.busy, false, 'every slot was given back');
	});

	it('a 429 that asks for no wait (Retry-After: 0) does not cut the rate', () => {
		const clock = new VirtualClock();
		const budget = new Budget({ ceiling: { requests: 20, perMilliseconds: 1000 }, clock });
		const ticket = { sentAt: 0, released: false };
		for (let index = 0; index < 10; index++) budget.learn(ticket, { statusCode: 200 });
		budget.learn(ticket, { statusCode: 429, retryAfterMs: 0 });
		assert.equal(budget.requestsPerSecond, 20);
		budget.learn(ticket, { statusCode: 429, retryAfterMs: 1000 });
		assert.ok(budget.requestsPerSecond! < 20);
	});

	it('a remaining-quota reading with a window of decades (15 digits of ms) slows the budget for a minute at most', async () => {
		const clock = new VirtualClock();
		const budget = new Budget({ ceiling: { requests: 100, perMilliseconds: 10_000 }, clock });
		const ticket = await budget.take();
		budget.release(ticket);
		budget.learn(ticket, { statusCode: 200, quota: { remaining: 100, intervalMs: 999_999_999_999_999 } });
		assert.equal(budget.requestsPerSecond, 0.1, 'the reading holds while it counts');
		await clock.sleep(59_000);
		budget.learn(ticket, { statusCode: 200 });
		assert.equal(budget.requestsPerSecond, 0.1);
		await clock.sleep(1_000);
		budget.learn(ticket, { statusCode: 200 });
		assert.equal(budget.requestsPerSecond, 10, 'back to the ceiling once no answer renews it');
	});

	it('the time a request waited for the pace does not count against the hold it may wait out; only holds do, in all', async () => {
		const clock = new VirtualClock();
		// One request per 10 s (10.3 with the pacer's margin): the second request waits for the pace.
		const budget = new Budget({ ceiling: { requests: 1, perMilliseconds: 10_000 }, maxInFlight: 1, clock });
		budget.release(await budget.take());
		const queued = budget.take(undefined, 12_000);
		// Another execution's 429 at 5 s holds the account until 15 s: 4.7 s once the pace lets it go.
		void clock.sleep(5_000).then(() => budget.holdUntil(15_000));
		const ticket = await queued;
		assert.ok('sentAt' in ticket, `refused after waiting the pace: ${JSON.stringify(ticket)}`);
		assert.equal(ticket.sentAt, 15_000);
		budget.release(ticket);

		// Holds one after the other (no pace this time): 8 s waited, then 8 s more would pass the 12 s it may wait.
		const unpaced = new Budget({ maxInFlight: 1, clock });
		const start = clock.now();
		unpaced.holdUntil(start + 8_000);
		void clock.sleep(7_000).then(() => unpaced.holdUntil(start + 16_000));
		const held = await unpaced.take(undefined, 12_000);
		assert.deepEqual(held, { heldMs: 8_000, waitedMs: 8_000 });
		assert.equal(unpaced.busy, false, 'the refused request gave its slot back');
		const next = await unpaced.take();
		assert.equal(next.sentAt, start + 16_000, 'and the next one got it');
	});
});

describe('Rate budget registry', () => {
	it('a caller that must answer in time (maxTurnMs) is told at once when its turn, pace included, would come later', async () => {
		const clock = new VirtualClock();
		const budget = new Budget({ ceiling: { requests: 1, perMilliseconds: 1_000 }, clock });
		budget.release((await budget.take()) as never);
		const late = await budget.take(undefined, Number.POSITIVE_INFINITY, 500);
		assert.ok('turnMs' in late && late.turnMs! > 1_000 && late.turnMs! < 1_100, JSON.stringify(late));
		assert.equal(clock.now(), 0, 'it did not wait');
		assert.equal(budget.busy, false, 'no slot kept');
		const inTime = await budget.take(undefined, Number.POSITIVE_INFINITY, 2_000);
		assert.ok('sentAt' in inTime && inTime.sentAt >= 1_000, JSON.stringify(inTime));
		assert.equal(DELIVERY_RETRY_POLICY.maxTurnWaitMs, 2_000, "a Chargebee delivery's confirmation waits at most 2 s for its turn");
	});

	it('one budget per provider, credential id, host and ceiling; sharing off or no credential id: a budget of its own', () => {
		const clock = new VirtualClock();
		const account = { provider: 'chargebee', credentialId: 'c1', baseUrl: 'https://a.example' };
		const settings = { clock };
		const shared = budgetFor(account, settings, true);
		assert.equal(budgetFor(account, settings, true), shared);
		assert.notEqual(budgetFor({ ...account, credentialId: 'c2' }, settings, true), shared);
		assert.notEqual(budgetFor({ ...account, baseUrl: 'https://b.example' }, settings, true), shared);
		assert.notEqual(budgetFor(account, { clock, ceiling: { requests: 5, perMilliseconds: 1000 } }, true), shared);
		assert.notEqual(budgetFor(account, settings, false), shared);
		assert.notEqual(budgetFor({ ...account, credentialId: '' }, settings, true), shared);
		assert.equal(registeredBudgets(clock), 4);
		releaseBudgets();
		assert.equal(registeredBudgets(clock), 0);
	});

	it('is bounded, and releases budgets idle for five minutes', async () => {
		const clock = new VirtualClock();
		const of = (index: number) => budgetFor({ provider: 'p', credentialId: `c${index}`, baseUrl: 'https://h' }, { clock }, true);
		const first = of(0);
		for (let index = 1; index < 300; index++) of(index);
		assert.equal(registeredBudgets(clock), 256);
		assert.notEqual(of(0), first, 'the least recently used went first');
		await clock.sleep(5 * 60_000);
		of(1000);
		assert.equal(registeredBudgets(clock), 1, 'the idle ones were released');
	});

	it('never releases a budget with a request in flight', async () => {
		const clock = new VirtualClock();
		const account = { provider: 'p', credentialId: 'busy', baseUrl: 'https://h' };
		const busy = budgetFor(account, { clock }, true);
		const ticket = await busy.take();
		await clock.sleep(10 * 60_000);
		budgetFor({ ...account, credentialId: 'other' }, { clock }, true);
		assert.equal(budgetFor(account, { clock }, true), busy);
		busy.release(ticket);
	});
});

describe('Rate budget: real executions in n8n-core sharing one credential', () => {
	let chargebee: ChargebeeSandbox;
	let chartMogul: ChartMogulSandbox;

	before(async () => {
		chargebee = await ChargebeeSandbox.start();
		chartMogul = await ChartMogulSandbox.start();
	});
	after(async () => {
		await chargebee.close();
		await chartMogul.close();
	});
	beforeEach(() => {
		chargebee.invoices.clear();
		chargebee.applied.clear();
		chargebee.requests.length = 0;
		chargebee.server.faultFunction = undefined;
		chargebee.server.maxInFlight = 0;
		chartMogul.reset();
		chartMogul.server.faultFunction = undefined;
		chartMogul.server.maxInFlight = 0;
		testClock.current = undefined;
	});

	/** `executions` runs of the (clocked) Chargebee node at once, `items` deletes each. */
	const chargebeeRuns = async (executions: number, items: number, options: Record<string, unknown>) => {
		const clock = new VirtualClock();
		testClock.current = clock;
		const results = await Promise.all(
			range(executions).map(async (execution) => {
				const ids = range(items).map((index) => `inv_${execution}_${index}`);
				for (const id of ids) chargebee.addInvoice({ id });
				return await runNode({
					node: CLOCKED_CHARGEBEE,
					extraNodeTypes: testNodeTypes,
					parameters: { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}', options } as never,
					credentials: { invoiceOpsChargebeeApi: chargebee.credentials() },
					items: ids.map((id) => ({ id })),
				});
			}),
		);
		for (const result of results) assert.equal(result.error, undefined, result.error?.message);
		return clock.sends;
	};

	it('N executions with the same credential share one pace: Max Requests per Second holds across all of them', async () => {
		const sends = await chargebeeRuns(5, 6, { maxRequestsPerSecond: 50, concurrency: 2 });

		assert.equal(sends.length, 30);
		// 50/s, 3% under, for the five executions together: 20.6 ms between any two sends.
		for (let index = 1; index < sends.length; index++) {
			assert.ok(sends[index] - sends[index - 1] >= 20.6 - 1e-9, `send ${index} only ${sends[index] - sends[index - 1]} ms after the one before`);
		}
		assert.ok(busiestWindow(sends, 1030 - 1e-6) <= 50);
	});

	it('with Share Rate Budget off, each execution paces only itself (as before the budget)', async () => {
		const sends = await chargebeeRuns(5, 6, { maxRequestsPerSecond: 50, concurrency: 2, shareRateBudget: false });

		assert.equal(sends.length, 30);
		assert.equal(sends.filter((at) => at === 0).length, 5, 'every execution sent its first request at once');
	});

	it('Share Rate Budget is read strictly: the text "false" turns it off, anything else fails the run', async () => {
		const off = await chargebeeRuns(3, 1, { maxRequestsPerSecond: 50, shareRateBudget: 'false' });
		assert.equal(off.filter((at) => at === 0).length, 3);

		chargebee.addInvoice({ id: 'inv_x' });
		const refused = await runNode({
			node: 'chargebee',
			parameters: { resource: 'invoice', operation: 'delete', invoiceId: 'inv_x', options: { shareRateBudget: 'sometimes' } } as never,
			credentials: { invoiceOpsChargebeeApi: chargebee.credentials() },
		});
		assert.match(refused.error!.message, /"Share Rate Budget" must be true or false \(got "sometimes"\)/);
		assert.equal(chargebee.requests.length, 3, 'the refused run sent nothing');
	});

	it("a request that cannot wait out another execution's Retry-After hold fails at once, unsent, saying why", async () => {
		const clock = new VirtualClock();
		testClock.current = clock;
		chargebee.addInvoice({ id: 'inv_hurried' });
		chargebee.addInvoice({ id: 'inv_patient' });
		const credentials = chargebee.credentials();
		// The budget these runs share, held as another execution's 429 with Retry-After: 100 holds it.
		const shared = budgetFor(
			{ provider: chargebeeProvider.name, credentialId: 'cred-invoiceOpsChargebeeApi', baseUrl: chargebeeProvider.baseUrl(credentials) },
			{ ceiling: chargebeeProvider.rateLimit, maxInFlight: chargebeeProvider.maxInFlight, clock },
			true,
		);
		shared.holdUntil(100_000);
		const run = async (id: string, maxRetryWaitSeconds: number) =>
			await runNode({
				node: CLOCKED_CHARGEBEE,
				extraNodeTypes: testNodeTypes,
				parameters: { resource: 'invoice', operation: 'delete', invoiceId: id, options: { maxRetryWaitSeconds } } as never,
				credentials: { invoiceOpsChargebeeApi: credentials },
				continueOnFail: true,
			});

		const hurried = await run('inv_hurried', 10);
		const failed = hurried.items[0].json as { outcome: string; attempts: number; error: { message: string; code: string } };
		assert.equal(failed.outcome, 'failed');
		assert.equal(failed.error.code, 'rate_limit_hold');
		assert.match(failed.error.message, /asked this account to wait 100 s more .*longer than the Max Retry Wait option allows \(10 s\)/);
		assert.equal(failed.attempts, 0);
		assert.equal(chargebee.requests.length, 0, 'nothing was sent');
		assert.equal(clock.now(), 0, 'it did not wait first');

		const patient = await run('inv_patient', 300);
		assert.equal(patient.items[0].json.outcome, 'deleted');
		assert.ok(clock.sends[0] >= 100_000, `sent at ${clock.sends[0]} ms, after the hold`);
	});

	it("ChartMogul's 20 connections hold across executions: 30 executions at once never have more than 20 requests in flight", async () => {
		const ids = range(30).map((index) => `inv_${index}`);
		for (const uuid of ids) chartMogul.addInvoice({ uuid });
		// Each answer takes a second, so that all thirty executions want a connection at once.
		chartMogul.server.faultFunction = () => ({ kind: 'delay', ms: 1000 });
		const results = await Promise.all(
			ids.map(async (id) =>
				await runNode({
					node: 'chartMogul',
					parameters: { resource: 'invoice', operation: 'delete', invoiceId: id } as never,
					credentials: { invoiceOpsChartMogulApi: chartMogul.credentials() },
				}),
			),
		);
		for (const result of results) assert.equal(result.error, undefined, result.error?.message);
		assert.ok(chartMogul.server.maxInFlight <= 20, `${chartMogul.server.maxInFlight} in flight`);
		assert.ok(chartMogul.server.maxInFlight >= 10, `${chartMogul.server.maxInFlight} in flight: the executions did overlap`);
		assert.equal(ids.filter((id) => chartMogul.invoices.has(id)).length, 0, 'every invoice deleted');
	});
});
