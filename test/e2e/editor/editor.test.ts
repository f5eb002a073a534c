/**
 * The package in n8n's editor, in headless Chromium (Debian's `chromium`, driven by
 * playwright-core): each node is found in the node panel with its icon rendered, and each of its
 * actions opens the node showing that operation's parameters and no others (Get Many's Filters
 * included, and for no other operation). Screenshots go to
 * out/editor/. The README's example runs against the Chargebee sandbox and shows its run hint;
 * its canvas and its Void's output panel are the README's screenshots (docs/images/, regenerated here).
 */
import { assert, join, mkdirSync, nodeProcess, readFileSync } from '../../harness/node';
import { after, before, describe, it } from '../../harness/runner';

import { chromium, selectors, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { nodeTypes } from '../../harness/package';
import { SERVED } from '../../sandbox/served';
import { chargebee as chargebeeSandbox } from '../../sandbox/served/chargebee';
import type { AnyServedProvider } from '../../sandbox/served/types';
import { importCredentials, importWorkflows, n8nVersion, startN8n, type RunningN8n } from '../n8n';
import { credentialFile, credentialId, triggerOnlyWorkflow, type WorkflowFile, type WorkflowNode } from '../workflows';
import { visibleParameters } from './visible';

const WORKFLOW_ID = 'e2eeditorcheck01';
/** A canvas of its own per picker check: the other checks leave nodes without an invoice behind. */
const pickerWorkflowId = (node: string) => `e2epick${node}`.slice(0, 16).padEnd(16, '0');
const EXAMPLE_ID = 'e2ereadmeexamp01';
const README_SCREENSHOT = join(nodeProcess.cwd(), 'docs', 'images', 'example-flow.png');
const README_HINT_SCREENSHOT = join(nodeProcess.cwd(), 'docs', 'images', 'example-run-hint.png');

/**
 * The README's example workflow (the JSON block under "Example: ..."), its Chargebee nodes on
 * the sandbox credential: what a reader pastes, run as they would run it.
 */
function readmeExample(): WorkflowFile {
	const readme = readFileSync(join(nodeProcess.cwd(), 'README.md'), 'utf8');
	const block = /\n## Example:[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme);
	assert.ok(block, 'the README has an example workflow');
	const example = JSON.parse(block[1]) as Pick<WorkflowFile, 'nodes' | 'connections'>;
	const credentials = { invoiceOpsChargebeeApi: { id: credentialId(chargebeeSandbox), name: `${chargebeeSandbox.displayName} sandbox` } };
	const nodes = example.nodes.map((node: Omit<WorkflowNode, 'id'>, index): WorkflowNode => ({
		...node,
		id: `readme-example-${index}`,
		...(node.credentials ? { credentials } : {}),
	}));
	return { id: EXAMPLE_ID, name: 'README example', active: false, nodes, connections: example.connections, settings: { executionOrder: 'v1' } };
}
const SCREENSHOTS = join(nodeProcess.cwd(), 'out', 'editor');
const OWNER = { email: 'editor-check@invoice-ops.test', firstName: 'Editor', lastName: 'Check', password: 'Editor-check-1' };
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** n8n's own node settings, rendered alongside the parameters (Settings tab). */
const NODE_SETTINGS = new Set(['alwaysOutputData', 'executeOnce', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'onError', 'notes', 'notesInFlow']);

/**
 * Parameters n8n 2.x renders through its credential picker instead of an input of their own: the
 * picker offers every credential type the node accepts and sets `authentication` from the choice.
 */
const CREDENTIAL_PICKER = new Set(['authentication']);

/** The package's nodes as the editor lists them (the `...Tool` variants n8n derives are left out). */
const allNodes = [...nodeTypes().values()].map((node) => node.description as INodeTypeDescription);
const packageNodes = allNodes.filter((node) => !node.group.includes('trigger'));

/**
 * The triggers. n8n's node panel merges a trigger `<name>Trigger` into the node `<name>`: it is
 * found under that node's entry, as one "On <event>" action per event option.
 */
const packageTriggers = allNodes
	.filter((node) => node.group.includes('trigger'))
	.map((trigger) => ({
		trigger,
		app: allNodes.find((node) => `${node.name}Trigger` === trigger.name)!,
		firstEvent: ((trigger.properties.find((property) => property.name === 'events') as INodeProperties).options as Array<{ name: string; value: string }>)[0],
	}));

/**
 * What each node's invoice picker is checked with against its served sandbox: text typed in the
 * search box, the invoice then picked (its id), the details its entry shows, and for Chargebee an
 * invoice URL as its web app shows it.
 */
const PICKS: Record<string, { search: string; pick: string; details: RegExp; url?: { value: string; id: string } }> = {
	chargebee: {
		search: 'cb_inv_103',
		pick: 'cb_inv_1031',
		details: /cb_inv_1031 · cust_picker · 129\.00 USD · posted · 2026-01-03/,
		url: { value: 'https://acme-test.chargebee.com/d/invoices/cb_inv_1030', id: 'cb_inv_1030' },
	},
	chartMogul: { search: 'INV-2011', pick: 'inv_cm_2011', details: /INV-2011 \(inv_cm_2011\) · cus_1 · 250\.00 USD · open · 2026-01-01/ },
	highLevel: { search: '4008', pick: 'hl_inv_4008', details: /\(hl_inv_4008\) · Ada Lovelace · 999\.00 USD · sent · 2026-02-01/ },
	fatora: { search: 'ACME', pick: '3005', details: /INV-3005 \(3005\) · ACME Trading · 310\.00 SAR · unpaid · 2026-01-20/ },
};

const operationsOf = (description: INodeTypeDescription) =>
	(description.properties.find((property) => property.name === 'operation') as INodeProperties).options as Array<{
		value: string;
		action: string;
	}>;

describe(`the package in n8n ${n8nVersion()}'s editor`, () => {
	let n8n: RunningN8n;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	/** Every served provider's sandbox: the README example runs on Chargebee's, the pickers on each. */
	const sandboxes = new Map<AnyServedProvider, unknown>();

	before(async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		selectors.setTestIdAttribute('data-test-id');
		for (const provider of SERVED) sandboxes.set(provider, await provider.start(0));
		await importCredentials(SERVED.map((provider) => credentialFile(provider, provider.url(sandboxes.get(provider)))));
		await importWorkflows([
			triggerOnlyWorkflow(WORKFLOW_ID, 'Editor check'),
			readmeExample(),
			...packageNodes.map((description) => triggerOnlyWorkflow(pickerWorkflowId(description.name), `Picker check: ${description.displayName}`)),
		]);
		n8n = await startN8n();
		const setup = await fetch(`${n8n.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		assert.equal(setup.status, 200, await setup.text());
		browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
		context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		const login = await context.request.post(`${n8n.url}/rest/login`, {
			data: { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password },
		});
		assert.equal(login.status(), 200, await login.text());
		page = await context.newPage();
		await page.goto(`${n8n.url}/workflow/${WORKFLOW_ID}`);
		await page.getByTestId('canvas-node').first().waitFor();
	});
	after(async () => {
		await browser?.close();
		await n8n?.stop();
		for (const [provider, started] of sandboxes) await provider.close(started);
	});

	/** Opens the node panel and searches for the node; returns its entry in the results. */
	async function searchNode(displayName: string) {
		await page.keyboard.press('Escape');
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill(displayName);
		const entry = page.getByTestId('item-iterator-item').filter({ has: page.getByTestId('node-creator-item-name').getByText(displayName, { exact: true }) });
		await entry.first().waitFor();
		return entry.first();
	}

	for (const { trigger, app, firstEvent } of packageTriggers) {
		describe(trigger.displayName, () => {
			it(`is in the node panel under ${app.displayName}; its first event opens it with its icon and parameters`, async () => {
				const entry = await searchNode(app.displayName);
				await entry.click();
				// Its triggers are a section of their own, collapsed while the canvas has a trigger.
				await page.getByText(/^Triggers \(\d+\)/).click();
				// n8n names a trigger's actions "On <event in lower case>".
				const action = `On ${firstEvent.name.toLowerCase()}`;
				await page.getByTestId('node-creator-item-name').getByText(action, { exact: true }).click();
				const ndv = page.getByTestId('ndv');
				await ndv.getByTestId('node-parameters').getByTestId('parameter-input-events').waitFor();
				const shown = await ndv.locator('[data-test-id^="parameter-input-"]').evaluateAll((inputs) =>
					inputs.map((input) => input.getAttribute('data-test-id')!.slice('parameter-input-'.length)),
				);
				await page.screenshot({ path: join(SCREENSHOTS, `${trigger.name}-ndv.png`) });
				const named = shown.filter((name) => name !== 'field' && !NODE_SETTINGS.has(name));
				assert.deepEqual([...new Set(named)].sort(), visibleParameters(trigger, '').sort(), `parameters shown for ${trigger.name}`);
				// The event chosen in the panel is preselected.
				assert.match(await ndv.getByTestId('parameter-input-events').innerText(), new RegExp(firstEvent.name.replace(/[()]/g, '.')));
				await page.getByTestId('ndv-close-button').click();
				const node = page.getByTestId('canvas-node').filter({ hasText: trigger.defaults.name as string }).first();
				await node.waitFor();
				const icon = node.locator('img').first();
				await icon.waitFor();
				const { src, width } = await icon.evaluate((image) => {
					const { src, naturalWidth } = image as unknown as { src: string; naturalWidth: number };
					return { src, width: naturalWidth };
				});
				assert.ok(width > 0, `the icon ${src} did not render`);
				const served = await context.request.get(src);
				assert.equal(served.status(), 200, src);
				assert.match(String(served.headers()['content-type']), /svg/);
				await page.screenshot({ path: join(SCREENSHOTS, `${trigger.name}-canvas.png`) });
			});
		});
	}

	for (const description of packageNodes) {
		describe(description.displayName, () => {
			it('is in the node panel with its icon rendered', async () => {
				const entry = await searchNode(description.displayName);
				const icon = entry.locator('img').first();
				await icon.waitFor();
				// The callback runs in the page, where the element is an <img> (no DOM types in the tests).
				const { src, width } = await icon.evaluate((image) => {
					const { src, naturalWidth } = image as unknown as { src: string; naturalWidth: number };
					return { src, width: naturalWidth };
				});
				assert.ok(width > 0, `the icon ${src} did not render`);
				const served = await context.request.get(src);
				assert.equal(served.status(), 200, src);
				assert.match(String(served.headers()['content-type']), /svg/);
				await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-panel.png`) });
			});

			for (const operation of operationsOf(description)) {
				it(`"${operation.action}" shows the parameters of ${operation.value} and no others`, async () => {
					const entry = await searchNode(description.displayName);
					await entry.click();
					await page.getByTestId('node-creator-item-name').getByText(operation.action, { exact: true }).click();
					const ndv = page.getByTestId('ndv');
					await ndv.getByTestId('node-parameters').getByTestId('parameter-input-operation').waitFor();
					const shown = await ndv.locator('[data-test-id^="parameter-input-"]').evaluateAll((inputs) =>
						inputs.map((input) => input.getAttribute('data-test-id')!.slice('parameter-input-'.length)),
					);
					await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-${operation.value}.png`) });
					// The Filters collection (its label and its "Add Filter" picker) belongs to Get Many alone.
					const filters =
						(await ndv.getByText('Filters', { exact: true }).count()) + (await ndv.getByPlaceholder('Add Filter', { exact: true }).count());
					assert.equal(filters > 0, operation.value === 'getAll', `Filters shown for ${description.name} ${operation.value}`);
					// `field` is the inner input of a text parameter, not a parameter.
					const named = shown.filter((name) => name !== 'field' && !NODE_SETTINGS.has(name));
					assert.deepEqual(
						[...new Set(named)].sort(),
						visibleParameters(description, operation.value)
							.filter((name) => !CREDENTIAL_PICKER.has(name))
							.sort(),
						`parameters shown for ${description.name} ${operation.value}`,
					);
					await page.getByTestId('ndv-close-button').click();
				});
			}
		});
	}

	/** Chooses a mode of the Invoice ID's resource locator (From List, By ID, By URL). */
	async function chooseMode(field: Locator, mode: string) {
		await field.getByTestId('rlc-mode-selector').click();
		// n8n labels the modes itself ("From list", "By ID", "By URL"), whatever the node calls them.
		await page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({ hasText: new RegExp(`^\\s*${mode}\\s*$`, 'i') }).first().click();
	}

	/** Runs the open node (Execute step) and returns its output panel's text once it shows `expected`. */
	async function runAndRead(ndv: Locator, expected: string): Promise<string> {
		await ndv.getByTestId('node-execute-button').first().click();
		// n8n 2.x names the output panel `output-panel`, 1.x `ndv-output-panel`.
		const output = ndv.locator('[data-test-id="output-panel"], [data-test-id="ndv-output-panel"]').first();
		await output.getByText(expected, { exact: true }).first().waitFor({ timeout: 60_000 });
		return await output.innerText();
	}

	describe('the invoice pickers (node version 2)', () => {
		for (const description of packageNodes) {
			const pick = PICKS[description.name];
			it(`${description.displayName}: From List shows the sandbox's invoices with their details, searches, and the picked one is fetched`, async () => {
				assert.ok(pick, `a picker check for ${description.name}`);
				try {
					await checkPicker(description, pick);
				} finally {
					// A failed check must not leave the node open over the next one's canvas.
					await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-picker-last.png`) });
					if (await page.getByTestId('ndv').isVisible()) await page.getByTestId('ndv-close-button').click();
				}
			});
		}
	});

	async function checkPicker(description: INodeTypeDescription, pick: (typeof PICKS)[string]) {
		await page.goto(`${n8n.url}/workflow/${pickerWorkflowId(description.name)}`);
		await page.getByTestId('canvas-node').first().waitFor();
		const entry = await searchNode(description.displayName);
		await entry.click();
		await page.getByTestId('node-creator-item-name').getByText('Get an invoice', { exact: true }).click();
		const ndv = page.getByTestId('ndv');
		const field = ndv.getByTestId('parameter-input-invoiceId');
		await field.waitFor();
		await chooseMode(field, 'From List');
		await field.getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor({ timeout: 60_000 });
		const listed = await items.allInnerTexts();
		assert.ok(listed.length > 1, `${description.name} lists invoices`);
		assert.ok(listed.some((text) => pick.details.test(text)), `an entry with the details ${String(pick.details)} in ${listed.slice(0, 15).join(' | ')}`);
		await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-picker.png`) });

		const search = page.getByTestId('rlc-search');
		const searchInput = (await search.evaluate((element) => (element as unknown as { tagName: string }).tagName)) === 'INPUT' ? search : search.locator('input').first();
		await searchInput.fill(pick.search);
		await page.waitForFunction(
			`[...document.querySelectorAll('[data-test-id="rlc-item"]')].length > 0 && [...document.querySelectorAll('[data-test-id="rlc-item"]')].length < ${listed.length}`,
			undefined,
			{ timeout: 60_000 },
		);
		const found = await items.allInnerTexts();
		assert.ok(found.every((text) => text.toLowerCase().includes(pick.search.toLowerCase())), `the search keeps only matches: ${found.join(' | ')}`);
		await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-picker-search.png`) });
		await items.filter({ hasText: pick.details }).first().click();

		const output = await runAndRead(ndv, pick.pick);
		assert.match(output, /fetched/);
		await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-picker-run.png`) });

		if (pick.url) {
			await chooseMode(field, 'By URL');
			const input = field.getByTestId('rlc-input');
			await input.click();
			await input.fill(pick.url.value);
			await page.keyboard.press('Tab');
			const byUrl = await runAndRead(ndv, pick.url.id);
			assert.match(byUrl, /fetched/);
			await page.screenshot({ path: join(SCREENSHOTS, `${description.name}-picker-url.png`) });
		}
	}

	describe('the README example', () => {
		it('runs in the editor against the sandbox, its Void shows the Dry Run hint, and its canvas is the README screenshot', async () => {
			await page.goto(`${n8n.url}/workflow/${EXAMPLE_ID}`);
			await page.getByTestId('canvas-node').nth(2).waitFor();
			await page.getByTestId('execute-workflow-button').click();
			const voidNode = page.getByTestId('canvas-node').filter({ hasText: 'Void (Dry Run)' });
			const finished = page.getByText('Workflow executed successfully');
			await finished.waitFor({ timeout: 120_000 });
			// The toast would cover the canvas and the output panel in the screenshots.
			await page.locator('.el-notification__closeBtn').first().click();
			await finished.waitFor({ state: 'hidden' });
			await page.screenshot({ path: README_SCREENSHOT });

			await voidNode.dblclick();
			const hint = page.getByTestId('node-hint').filter({ hasText: 'Dry Run: nothing was changed.' });
			await hint.first().waitFor({ timeout: 30_000 });
			assert.match(await hint.first().innerText(), /Dry Run: nothing was changed\. [\d,]+ invoices would be voided/);
			await page.screenshot({ path: README_HINT_SCREENSHOT });
			await page.getByTestId('ndv-close-button').click();
		});
	});
});
