/**
 * The way users run the node in production: n8n running, a published workflow Webhook ->
 * Chargebee void -> Respond to Webhook, and an HTTP POST with the invoice id.
 */
import { assert, delay } from '../harness/node';
import { after, before, describe, it } from '../harness/runner';

import { chargebee } from '../sandbox/served/chargebee';
import type { ChargebeeSandbox } from '../sandbox/chargebee';
import { activate, importCredentials, importWorkflows, n8nVersion, startN8n, type RunningN8n } from './n8n';
import { credentialFile, webhookWorkflow } from './workflows';

const WORKFLOW_ID = 'e2ewebhookvoid01';
const PATH = 'invoice-ops-e2e-void';

describe(`Webhook -> Chargebee void -> Respond, in a running n8n ${n8nVersion()}`, () => {
	let sandbox: ChargebeeSandbox;
	let n8n: RunningN8n;

	before(async () => {
		sandbox = (await chargebee.start(0)) as ChargebeeSandbox;
		await importCredentials([credentialFile(chargebee, sandbox.url)]);
		await importWorkflows([webhookWorkflow(WORKFLOW_ID, PATH, chargebee, { resource: 'invoice', operation: 'void', comment: 'Voided by webhook' })]);
		await activate(WORKFLOW_ID);
		n8n = await startN8n();
		await webhooksRegistered();
	});
	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	/**
	 * Waits until n8n listens on the workflow's webhook. n8n mounts its webhook routes and
	 * activates published workflows a moment after the REST API answers (1.x more so): until
	 * then Express answers HTML, or n8n "is not registered". Once registered for POST, n8n's
	 * answer to a GET asks "Did you mean to make a POST request?".
	 */
	async function webhooksRegistered() {
		for (let attempt = 0; attempt < 60; attempt++) {
			const answer = await fetch(`${n8n.url}/webhook/${PATH}`);
			if ((await answer.text()).includes('Did you mean to make a POST request')) return;
			await delay(500);
		}
		throw new Error(`n8n did not register the webhook ${PATH} within 30 s`);
	}

	const post = async (body: unknown) => {
		const response = await fetch(`${n8n.url}/webhook/${PATH}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		assert.match(String(response.headers.get('content-type')), /json/, `${response.status}: ${text.slice(0, 500)}`);
		return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
	};

	it('voids the posted invoice and answers with the audit record', async () => {
		const { status, json } = await post({ invoiceId: 'cb_inv_1003' });

		assert.equal(status, 200, JSON.stringify(json));
		assert.equal(json.success, true, JSON.stringify(json));
		assert.equal(json.provider, 'chargebee');
		assert.equal(json.operation, 'void');
		assert.equal(json.invoiceId, 'cb_inv_1003');
		assert.equal(json.outcome, 'voided');
		assert.equal(json.workflowId, WORKFLOW_ID);
		assert.ok(json.executionId);
		assert.equal(sandbox.invoices.get('cb_inv_1003')!.status, 'voided');
		assert.equal(sandbox.comments.get('cb_inv_1003'), 'Voided by webhook');
	});

	it('answers with the provider\'s refusal as an error item when the invoice cannot be voided', async () => {
		const { status, json } = await post({ invoiceId: 'cb_inv_1005' });

		assert.equal(status, 200, JSON.stringify(json));
		assert.equal(json.success, false, JSON.stringify(json));
		assert.equal(json.outcome, 'failed');
		assert.equal((json.error as { code: string }).code, 'invalid_state_for_request');
		assert.equal(sandbox.invoices.get('cb_inv_1005')!.status, 'voided');
		assert.equal(sandbox.applied.get('cb_inv_1005'), undefined);
	});
});
