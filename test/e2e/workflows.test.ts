/**
 * Every served provider's end-to-end cases, each as its own workflow (Manual Trigger -> node)
 * imported into real n8n with the package installed as users get it, run by `n8n execute`. The
 * cases without a version are node version 1 with plain string ids, exactly as workflows saved
 * before version 2 hold them: they run unchanged. The "version 2" cases hold picked values.
 */
import { assert } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import { SERVED } from '../sandbox/served';
import type { AnyServedProvider } from '../sandbox/served/types';
import { execute, importCredentials, importWorkflows, n8nVersion, outputOf, succeeded } from './n8n';
import { chainWorkflow, credentialFile, manualWorkflow } from './workflows';

const workflowId = (provider: AnyServedProvider, index: number) => `e2e${provider.name}${index}`.slice(0, 16);
const chainId = (provider: AnyServedProvider, index: number) => `e2c${provider.name}`.slice(0, 14) + String(index).padStart(2, '0');

for (const provider of SERVED) {
	describe(`${provider.displayName} in n8n ${n8nVersion()}`, () => {
		let sandbox: unknown;
		const workflows = provider.cases.map((testCase, index) =>
			manualWorkflow(
				workflowId(provider, index),
				`${provider.displayName}: ${testCase.title}`,
				provider,
				testCase.parameters,
				testCase.onError,
				testCase.typeVersion,
			),
		);
		const chains = (provider.chains ?? []).map((chain, index) =>
			chainWorkflow(chainId(provider, index), `${provider.displayName}: ${chain.title}`, provider, chain.first, chain.second),
		);

		before(async () => {
			sandbox = await provider.start(0);
			await importCredentials([credentialFile(provider, provider.url(sandbox))]);
			await importWorkflows([...workflows, ...chains]);
		});
		after(async () => await provider.close(sandbox));

		provider.cases.forEach((testCase, index) => {
			it(testCase.title, async () => {
				const execution = await execute(workflowId(provider, index));
				const nodeName = workflows[index].nodes[1].name;
				let item: Record<string, unknown> | undefined;
				if (testCase.expectFailure !== undefined) {
					assert.notEqual(execution.code, 0, execution.output);
					assert.notEqual(execution.run?.status, 'success', execution.output);
					assert.ok(execution.output.includes(testCase.expectFailure), execution.output);
				} else {
					assert.ok(succeeded(execution), execution.output);
					const items = outputOf(execution, nodeName);
					assert.equal(items.length, 1);
					item = items[0];
					for (const [field, expected] of Object.entries(testCase.expect ?? {})) {
						assert.deepEqual(item[field], expected, `${field} of ${JSON.stringify(item)}`);
					}
					assert.ok(item.executionId, 'the audit fields carry the real execution id');
					assert.equal(item.workflowId, workflowId(provider, index));
				}
				assert.equal(workflows[index].nodes[1].typeVersion, testCase.typeVersion ?? 1);
				testCase.check?.(sandbox, item);
			});
		});

		(provider.chains ?? []).forEach((chain, index) => {
			it(chain.title, async () => {
				const execution = await execute(chainId(provider, index));
				assert.ok(succeeded(execution), execution.output);
				const items = outputOf(execution, chains[index].nodes[2].name);
				for (const item of items) {
					assert.ok(item.executionId, 'the audit fields carry the real execution id');
					assert.equal(item.workflowId, chainId(provider, index));
				}
				chain.check(sandbox, items);
			});
		});
	});
}
