/**
 * The checks every provider's node must pass, run once over every provider (providers.ts): ids
 * stay on their own path, no secret shows, one output per input in order and paired, Continue
 * On Fail error items, audit fields, and a Dry Run that changes nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { assertAuditFields, assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import { HOSTILE_IDS, REFUSED_IDS } from '../harness/bad-ids';
import { runNode } from '../harness/engine';
import { CONFORMING } from './providers';
import type { AnyConformance, ResourceConformance } from './types';

/** The invoice and every further resource of a provider, each checked the same way. */
function resourcesOf(provider: AnyConformance): Array<ResourceConformance<unknown>> {
	const invoice: ResourceConformance<unknown> = {
		resource: 'invoice',
		idParameter: 'invoiceId',
		idDisplayName: 'Invoice ID',
		noun: 'invoice',
		addRecord: (sandbox, id, operation) => provider.addInvoice(sandbox, id, operation),
		operations: provider.operations,
		writes: provider.writes,
	};
	return [invoice, ...(provider.moreResources ?? [])];
}

/** Every provider with each of its resources. */
const CHECKED = CONFORMING.flatMap((provider) => resourcesOf(provider).map((resource) => ({ provider, resource })));

/** Starts the provider's sandbox for the suite and forgets its state before every test. */
function useSandbox(provider: AnyConformance): { readonly current: unknown } {
	const holder: { current: unknown } = { current: undefined };
	before(async () => {
		holder.current = await provider.start();
	});
	after(async () => await provider.close(holder.current));
	beforeEach(() => provider.reset(holder.current));
	return holder;
}

/** An address where nothing listens: a closed port on this machine. */
async function closedPortUrl(provider: AnyConformance): Promise<string> {
	const sandbox = await provider.start();
	const url = String((provider.credentials(sandbox) as Record<string, IDataObject>)[Object.keys(provider.credentials(sandbox))[0]].baseUrl);
	await provider.close(sandbox);
	return url;
}

for (const { provider, resource } of CHECKED) {
	const about = resource.resource === 'invoice' ? '' : ` (resource ${resource.resource})`;
	const { idParameter } = resource;
	describe(`${provider.displayName}${about}: what every node does`, () => {
		const sandbox = useSandbox(provider);

		const run = (parameters: IDataObject, items: IDataObject[], options: { continueOnFail?: boolean; wrongKey?: boolean; baseUrl?: string } = {}) =>
			runNode({
				node: provider.node,
				parameters: { resource: resource.resource, ...parameters } as never,
				credentials: provider.credentials(sandbox.current, options),
				items,
				continueOnFail: options.continueOnFail,
				extraNodeTypes: provider.extraNodeTypes,
				extraCredentialTypes: provider.extraCredentialTypes,
			});

		const seen = () => provider.invoiceRequests(sandbox.current).map(({ method, segments, query }) => ({ method, segments, query }));

		describe(`an id never steers a request off its ${resource.noun}`, () => {
			for (const [operation, expected] of Object.entries(resource.operations)) {
				for (const [label, id] of HOSTILE_IDS) {
					it(`${operation} with ${label} sends only its own requests, the id one whole segment`, async () => {
						resource.addRecord(sandbox.current, id, operation);
						const result = await run({ operation, [idParameter]: '={{ $json.id }}' }, [{ id }], { continueOnFail: true });

						assert.deepEqual(seen(), expected(id));
						for (const request of provider.invoiceRequests(sandbox.current)) {
							assert.equal(request.rawPath.split('/').length, request.segments.length + 1, 'one path segment per part');
						}
						assert.equal(result.items[0].json.success, true, `the sandbox found the ${resource.noun} under that exact id`);
						assert.equal(result.items[0].json[idParameter], id);
					});
				}
				for (const [label, id, message] of REFUSED_IDS) {
					it(`${operation} refuses ${label} before any request`, async () => {
						const result = await run({ operation, [idParameter]: '={{ $json.id }}' }, [{ id }], { continueOnFail: true });

						assert.equal(provider.requests(sandbox.current).length, 0, 'not even a token is minted');
						assert.equal(result.items[0].json.success, false);
						assert.equal(result.items[0].json[idParameter], id);
						const named = new RegExp(message.source.replace('Invoice ID', resource.idDisplayName));
						assert.match((result.items[0].json.error as { message: string }).message, named);
					});
				}
			}
		});

		describe('no secret in any output, error or description', () => {
			const scenarios: Array<[string, string, { wrongKey?: boolean; unreachable?: boolean; missing?: boolean }]> = [
				['a successful get', 'get', {}],
				[`an unknown ${resource.noun}`, 'get', { missing: true }],
				['a wrong key', resource.writes[0], { wrongKey: true }],
				['an unreachable host', resource.writes[0], { unreachable: true }],
			];
			for (const [name, operation, scenario] of scenarios) {
				for (const continueOnFail of [false, true]) {
					it(`${name} (${operation}${continueOnFail ? ', Continue On Fail' : ''})`, async () => {
						if (!scenario.missing) resource.addRecord(sandbox.current, 'inv_secret_1', operation);
						const baseUrl = scenario.unreachable ? await closedPortUrl(provider) : undefined;
						const result = await run({ operation, [idParameter]: 'inv_secret_1' }, [{}], { continueOnFail, wrongKey: scenario.wrongKey, baseUrl });

						assert.ok(result.items.length > 0 || result.error, 'the run produced an item or an error');
						for (const secret of provider.secrets(sandbox.current)) {
							assertNoSecret(result, secret);
							assertNoSecret(result, `${secret}-wrong`);
						}
						if (scenario.unreachable) {
							const message = result.error?.message ?? (result.items[0].json.error as { message: string }).message;
							assert.match(message, new RegExp(`^${provider.displayName} could not be reached to `));
						}
					});
				}
			}
		});

		it('one output per input, in order, paired; Continue On Fail gives an error item per failed input; audit fields on all', async () => {
			resource.addRecord(sandbox.current, 'inv_c_0', 'get');
			resource.addRecord(sandbox.current, 'inv_c_2', 'get');
			const ids = ['inv_c_0', 'inv_c_missing', 'inv_c_2', '   '];
			const result = await run({ operation: 'get', [idParameter]: '={{ $json.id }}' }, ids.map((id) => ({ id })), { continueOnFail: true });

			assertPairedInOrder(result, ids.length);
			assert.deepEqual(result.items.map((item) => item.json.success), [true, false, true, false]);
			assert.deepEqual(result.items.map((item) => item.json.outcome), ['fetched', 'failed', 'fetched', 'failed']);
			for (const item of result.items) assertAuditFields(result, item.json);
			assert.deepEqual(result.items.map((item) => item.json[idParameter]), ids, `every item names its ${resource.noun} in ${idParameter}`);
			const failed = result.items[1].json as { error: IDataObject; response: unknown };
			assert.deepEqual(Object.keys(failed.error).sort(), ['code', 'httpStatus', 'message']);
			assert.equal(failed.error.httpStatus, 404);
			assert.match(String(failed.error.message), new RegExp(`^${provider.displayName} could not get ${resource.noun} "inv_c_missing"`));
			assert.equal(failed.response, null);
		});

		for (const operation of resource.writes) {
			it(`a Dry Run of ${operation} sends nothing that changes, and says what would happen`, async () => {
				resource.addRecord(sandbox.current, 'inv_dry_1', operation);
				const result = await run({ operation, [idParameter]: 'inv_dry_1', options: { dryRun: true } }, [{}]);

				assert.equal(result.error, undefined, result.error?.message);
				assert.match(String(result.items[0].json.outcome), /^would_/);
				assert.equal(result.items[0].json.dryRun, true);
				assert.deepEqual(provider.invoiceRequests(sandbox.current).filter((request) => request.method !== 'GET').map((request) => request.url), []);
				assert.equal(result.items[0].json[idParameter], 'inv_dry_1');
				assertAuditFields(result, result.items[0].json);
			});
		}
	});
}
