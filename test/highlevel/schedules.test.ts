import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import { assert } from '../harness/node';
import { after, before, beforeEach, describe, it } from '../harness/runner';

import { assertAuditFields, assertNoSecret, assertPairedInOrder } from '../harness/assertions';
import { nodeTypes } from '../harness/package';
import { API_VERSION, HighLevelSandbox } from '../sandbox/highlevel';
import { LOCATION, OTHER_LOCATION, TOKEN, runWithToken, tokenCredential } from './setup';

const FAST = { retryBaseDelayMs: 5 };

describe('HighLevel recurring invoice schedules (resource invoiceSchedule) in the n8n engine', () => {
	let sandbox: HighLevelSandbox;

	before(async () => {
		sandbox = await HighLevelSandbox.start();
	});
	after(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.reset();
		sandbox.tokens.clear();
		sandbox.tokens.set(TOKEN, LOCATION);
	});

	const run = (parameters: Record<string, unknown>, options: Parameters<typeof runWithToken>[2] = {}) =>
		runWithToken(sandbox, { resource: 'invoiceSchedule', ...parameters }, options);
	const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json._id);

	it('on node version 2 the Schedule ID is a picker: From List, By ID and an expression all name the schedule', async () => {
		for (const id of ['sch_list', 'sch_id', 'sch_expr']) sandbox.addSchedule({ _id: id, altId: LOCATION });
		const values = [
			{ __rl: true, mode: 'list', value: 'sch_list', cachedResultName: 'Monthly retainer (sch_list)' },
			{ __rl: true, mode: 'id', value: 'sch_id' },
			{ __rl: true, mode: 'id', value: '={{ $json.scheduleId }}' },
		];
		for (const scheduleId of values) {
			const result = await runNode({
				node: 'highLevel',
				typeVersion: 2,
				parameters: { resource: 'invoiceSchedule', operation: 'cancel', scheduleId } as never,
				credentials: { invoiceOpsHighLevelApi: tokenCredential(sandbox) },
				items: [{ scheduleId: 'sch_expr' }],
			});
			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.outcome, 'cancelled');
		}
		assert.deepEqual(['sch_list', 'sch_id', 'sch_expr'].map((id) => sandbox.schedules.get(id)!.status), ['cancelled', 'cancelled', 'cancelled']);
		const blank = await runNode({
			node: 'highLevel',
			typeVersion: 2,
			parameters: { resource: 'invoiceSchedule', operation: 'cancel', scheduleId: { __rl: true, mode: 'id', value: '  ' } } as never,
			credentials: { invoiceOpsHighLevelApi: tokenCredential(sandbox) },
		});
		assert.match(blank.error!.message, /Schedule ID/);
	});

	it('cancels a schedule: POST /invoices/schedule/{id}/cancel with JSON altId and altType, an item with scheduleId', async () => {
		sandbox.addSchedule({ _id: 'sch_1', altId: LOCATION });
		const result = await run({ operation: 'cancel', scheduleId: 'sch_1' });

		assert.equal(result.error, undefined, result.error?.message);
		const [item] = result.items;
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(item.json.provider, 'highLevel');
		assert.equal(item.json.operation, 'cancel');
		assert.equal(item.json.scheduleId, 'sch_1');
		assert.equal('invoiceId' in item.json, false, 'a schedule item carries scheduleId where an invoice item carries invoiceId');
		assert.equal(item.json.success, true);
		assert.equal(item.json.outcome, 'cancelled');
		assert.equal(item.json.dryRun, false);
		assert.equal(item.json.attempts, 1);
		assertAuditFields(result, item.json);
		assert.equal((item.json.response as { status: string }).status, 'cancelled');
		assert.equal(sandbox.schedules.get('sch_1')!.status, 'cancelled');

		const [request] = sandbox.requests;
		assert.equal(request.method, 'POST');
		assert.equal(request.url, '/invoices/schedule/sch_1/cancel');
		assert.match(String(request.headers['content-type']), /application\/json/);
		assert.deepEqual(request.body, { altId: LOCATION, altType: 'location' });
		assert.equal(request.headers.version, API_VERSION);
		assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
		assertNoSecret(result, TOKEN);
		assert.deepEqual(result.hints.map((hint) => hint.message), ['Cancelled 1 invoice schedule']);
	});

	it('deletes a schedule: DELETE /invoices/schedule/{id}?altId=&altType=location, answered {success: true}; then it is gone', async () => {
		sandbox.addSchedule({ _id: 'sch_d', altId: LOCATION });
		const result = await run({ operation: 'delete', scheduleId: 'sch_d' });

		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.outcome, 'deleted');
		assert.equal(result.items[0].json.scheduleId, 'sch_d');
		assert.deepEqual(result.items[0].json.response, { success: true });
		assert.equal(sandbox.schedules.has('sch_d'), false);
		const [request] = sandbox.requests;
		assert.equal(request.method, 'DELETE');
		assert.equal(request.url, `/invoices/schedule/sch_d?altId=${LOCATION}&altType=location`);
		assert.equal(request.rawBody, '');

		const again = await run({ operation: 'get', scheduleId: 'sch_d' });
		assert.match(String(again.error?.message), /^HighLevel could not get invoice schedule "sch_d": Schedule with id sch_d not found \(404, HTTP 404\)/);
	});

	it('gets a schedule: GET /invoices/schedule/{id}?altId=&altType=location', async () => {
		sandbox.addSchedule({ _id: 'sch_g', altId: LOCATION, status: 'draft' });
		const result = await run({ operation: 'get', scheduleId: 'sch_g' });

		assert.equal(result.items[0].json.outcome, 'fetched');
		assert.equal(result.items[0].json.scheduleId, 'sch_g');
		assert.equal((result.items[0].json.response as { status: string }).status, 'draft');
		assert.equal(sandbox.requests[0].url, `/invoices/schedule/sch_g?altId=${LOCATION}&altType=location`);
	});

	it('an invoice and a schedule with the same id and operation stay apart: the resource decides the endpoint', async () => {
		sandbox.addInvoice({ _id: 'same_1', altId: LOCATION, status: 'draft' });
		sandbox.addSchedule({ _id: 'same_1', altId: LOCATION });
		const schedule = await run({ operation: 'delete', scheduleId: 'same_1' });
		const invoice = await runWithToken(sandbox, { operation: 'delete', invoiceId: 'same_1' });

		assert.equal(schedule.items[0].json.scheduleId, 'same_1');
		assert.equal(invoice.items[0].json.invoiceId, 'same_1');
		assert.deepEqual(sandbox.requests.map((request) => request.rawPath), ['/invoices/schedule/same_1', '/invoices/same_1']);
		assert.equal(sandbox.schedules.size + sandbox.invoices.size, 0);
	});

	describe('Dry Run reads the schedule and predicts; nothing changes', () => {
		it('cancel of a running schedule: would_cancel, with the schedule as read', async () => {
			sandbox.addSchedule({ _id: 'sch_a', altId: LOCATION, status: 'active' });
			const result = await run({ operation: 'cancel', scheduleId: 'sch_a', options: { dryRun: true } });

			assert.equal(result.items[0].json.outcome, 'would_cancel');
			assert.equal(result.items[0].json.dryRun, true);
			assert.equal((result.items[0].json.response as { _id: string })._id, 'sch_a');
			assert.deepEqual(sandbox.requests.map((request) => [request.method, request.rawPath]), [['GET', '/invoices/schedule/sch_a']]);
			assert.equal(sandbox.schedules.get('sch_a')!.status, 'active');
			assert.deepEqual(result.hints.map((hint) => hint.message), ['Dry Run: nothing was changed. 1 invoice schedule would be cancelled.']);
		});

		it('cancel of a cancelled schedule: would_fail with the reason, or already_cancelled with Succeed If Already Done', async () => {
			sandbox.addSchedule({ _id: 'sch_c', altId: LOCATION, status: 'cancelled' });
			const plain = await run({ operation: 'cancel', scheduleId: 'sch_c', options: { dryRun: true } });
			const lenient = await run({ operation: 'cancel', scheduleId: 'sch_c', options: { dryRun: true, succeedIfAlreadyDone: true } });

			assert.equal(plain.items[0].json.outcome, 'would_fail');
			assert.equal(plain.items[0].json.reason, 'The invoice schedule is already cancelled');
			assert.equal(lenient.items[0].json.outcome, 'already_cancelled');
			assert.deepEqual(sandbox.writes, []);
		});

		it('delete: would_delete; an unknown schedule: would_fail with HighLevel\'s 404', async () => {
			sandbox.addSchedule({ _id: 'sch_x', altId: LOCATION });
			const known = await run({ operation: 'delete', scheduleId: 'sch_x', options: { dryRun: true } });
			const unknown = await run({ operation: 'delete', scheduleId: 'sch_none', options: { dryRun: true } });

			assert.equal(known.items[0].json.outcome, 'would_delete');
			assert.equal(unknown.items[0].json.outcome, 'would_fail');
			assert.match(String(unknown.items[0].json.reason), /Schedule with id sch_none not found/);
			assert.deepEqual(sandbox.writes, []);
			assert.ok(sandbox.schedules.has('sch_x'));
		});

		it('a Dry Run the user asked for from an expression as text is still a Dry Run', async () => {
			sandbox.addSchedule({ _id: 'sch_t', altId: LOCATION });
			const result = await run({ operation: 'delete', scheduleId: 'sch_t', options: { dryRun: '={{ " TRUE " }}' } });
			assert.equal(result.items[0].json.outcome, 'would_delete');
			assert.deepEqual(sandbox.writes, []);
		});
	});

	describe('Succeed If Already Done only where a read proves it', () => {
		it('cancel of a cancelled schedule: HighLevel refuses, one read shows it cancelled, already_cancelled', async () => {
			sandbox.addSchedule({ _id: 'sch_c', altId: LOCATION, status: 'cancelled' });
			const result = await run({ operation: 'cancel', scheduleId: 'sch_c', options: { succeedIfAlreadyDone: true } });

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.outcome, 'already_cancelled');
			assert.equal(result.items[0].json.attempts, 2);
			assert.deepEqual(sandbox.requests.map((request) => request.method), ['POST', 'GET']);
			assert.deepEqual(result.hints.map((hint) => hint.message), ['Cancelled 0 invoice schedules, 1 already cancelled']);
		});

		it('without the option the refusal stands, naming provider, schedule and reason', async () => {
			sandbox.addSchedule({ _id: 'sch_c', altId: LOCATION, status: 'cancelled' });
			const result = await run({ operation: 'cancel', scheduleId: 'sch_c' });

			assert.match(String(result.error?.message), /^HighLevel could not cancel invoice schedule "sch_c".*Schedule is already cancelled/);
			assert.equal(sandbox.requests.length, 1);
		});

		it('a cancel lost on the way and refused on the retry counts as cancelled once a read shows it', async () => {
			sandbox.addSchedule({ _id: 'sch_l', altId: LOCATION, status: 'active' });
			// The first attempt is applied but its answer is lost; the retry finds it cancelled.
			sandbox.server.inject({ kind: 'reset', afterHandler: true });
			const result = await run({ operation: 'cancel', scheduleId: 'sch_l', options: FAST });

			assert.equal(result.error, undefined, result.error?.message);
			assert.equal(result.items[0].json.outcome, 'cancelled');
			assert.deepEqual(sandbox.requests.map((request) => request.method), ['POST', 'POST', 'GET']);
			assert.equal(sandbox.applied.get('sch_l'), 1);
		});

		it('delete of a schedule not found stays an error: a 404 cannot tell deleted from never existed', async () => {
			const result = await run({ operation: 'delete', scheduleId: 'sch_gone', options: { succeedIfAlreadyDone: true } }, { continueOnFail: true });

			const json = result.items[0].json as { success: boolean; outcome: string; scheduleId: string; error: IDataObject };
			assert.deepEqual([json.success, json.outcome, json.scheduleId], [false, 'failed', 'sch_gone']);
			assert.equal(json.error.httpStatus, 404);
			assert.equal(json.error.code, 404);
			assert.equal(sandbox.requests.length, 1);
		});
	});

	describe('a 2xx is a change only when it is HighLevel\'s answer about this schedule', () => {
		it('cancel answered with another schedule fails as an unclear answer', async () => {
			sandbox.addSchedule({ _id: 'sch_1', altId: LOCATION });
			sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { _id: 'sch_other', status: 'cancelled' } } });
			const result = await run({ operation: 'cancel', scheduleId: 'sch_1' });

			assert.match(String(result.error?.message), /HighLevel's answer to cancel invoice schedule "sch_1" could not be understood: it did not return this invoice schedule/);
			assert.match(String(result.error?.description), /answers about this invoice schedule/);
		});

		it('delete answered without success: true fails as an unclear answer', async () => {
			sandbox.addSchedule({ _id: 'sch_1', altId: LOCATION });
			sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { success: false } } });
			const result = await run({ operation: 'delete', scheduleId: 'sch_1' }, { continueOnFail: true });

			assert.equal(result.items[0].json.outcome, 'failed');
			assert.match(String((result.items[0].json.error as IDataObject).message), /it did not answer \{"success": true\}/);
		});
	});

	describe('parameters are checked before any request', () => {
		it('a blank Schedule ID is refused naming the parameter', async () => {
			const result = await run({ operation: 'cancel', scheduleId: '={{ $json.id }}' }, { items: [{ id: '  ' }], continueOnFail: true });
			assert.match(String((result.items[0].json.error as IDataObject).message), /The parameter "Schedule ID" is empty/);
			assert.equal(sandbox.requests.length, 0);
		});

		it('a missing location is refused for every schedule operation', async () => {
			for (const operation of ['cancel', 'delete', 'get', 'getAll']) {
				const result = await run({ operation, scheduleId: 'sch_1' }, { credential: tokenCredential(sandbox, { locationId: ' ' }) });
				assert.match(String(result.error?.message), /No HighLevel location: the parameter "Location ID" is empty/, operation);
			}
			assert.equal(sandbox.requests.length, 0);
		});
	});

	it('several items: one output each, in order; Continue On Fail error items carry scheduleId; the location per item', async () => {
		sandbox.tokens.set(TOKEN, LOCATION);
		sandbox.addSchedule({ _id: 'sch_0', altId: LOCATION });
		sandbox.addSchedule({ _id: 'sch_2', altId: LOCATION });
		sandbox.addSchedule({ _id: 'sch_o', altId: OTHER_LOCATION });
		const items = [{ id: 'sch_0' }, { id: 'sch_o' }, { id: 'sch_2' }];
		const result = await run({ operation: 'cancel', scheduleId: '={{ $json.id }}' }, { items, continueOnFail: true });

		assertPairedInOrder(result, 3);
		assert.deepEqual(result.items.map((item) => [item.json.scheduleId, item.json.outcome]), [
			['sch_0', 'cancelled'],
			['sch_o', 'failed'],
			['sch_2', 'cancelled'],
		]);
		for (const item of result.items) assertAuditFields(result, item.json);
		assert.equal(sandbox.schedules.get('sch_o')!.status, 'active', "another location's schedule is invisible");
		assert.deepEqual(result.hints.map((hint) => hint.message), ['Cancelled 2 invoice schedules, 1 failed']);
	});

	it('a run stopped by a failure lists the schedules it cancelled before', async () => {
		sandbox.addSchedule({ _id: 'sch_0', altId: LOCATION });
		const result = await run(
			{ operation: 'cancel', scheduleId: '={{ $json.id }}', options: { concurrency: 1 } },
			{ items: [{ id: 'sch_0' }, { id: 'sch_missing' }] },
		);

		assert.match(String(result.error?.message), /could not cancel invoice schedule "sch_missing"/);
		assert.match(String(result.error?.description), /Changes made in this run before it stopped \(1\): item 0: invoice schedule "sch_0" cancelled\./);
	});

	describe('Get Many', () => {
		it('the first 50 schedules of the location by default, each item the schedule itself', async () => {
			const seeded = sandbox.seedSchedules(LOCATION, 120);
			sandbox.seedSchedules(OTHER_LOCATION, 3);
			const result = await run({ operation: 'getAll' });

			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(result.items[0].json, seeded[0]);
			assert.deepEqual(ids(result.items), seeded.slice(0, 50).map((schedule) => schedule._id));
			result.items.forEach((item) => assert.deepEqual(item.pairedItem, { item: 0 }));
			assert.equal(sandbox.requests[0].rawPath, '/invoices/schedule');
			assert.deepEqual(sandbox.requests[0].query, { altId: LOCATION, altType: 'location', limit: '50', offset: '0' });
			assert.deepEqual(result.hints.map((hint) => hint.message), ['Get Many: 50 invoice schedules']);
		});

		it('Return All reads every page by offset until total is reached', async () => {
			const seeded = sandbox.seedSchedules(LOCATION, 250);
			const result = await run({ operation: 'getAll', returnAll: true });

			assert.deepEqual(ids(result.items), seeded.map((schedule) => schedule._id));
			assert.deepEqual(sandbox.requests.map((request) => [request.query.limit, request.query.offset]), [
				['100', '0'],
				['100', '100'],
				['100', '200'],
			]);
		});

		it('maps every filter onto the query and returns only what matches', async () => {
			const seeded = sandbox.seedSchedules(LOCATION, 60);
			const filters = { status: 'active', startAt: '2026-01-10', endAt: '2026-02-20T12:00:00', search: 'contact2@', paymentMode: 'live' };
			const result = await run({ operation: 'getAll', returnAll: true, filters });

			const expected = seeded.filter((schedule) => {
				const day = schedule.createdAt.slice(0, 10);
				return schedule.status === 'active' && day >= '2026-01-10' && day <= '2026-02-20' && schedule.liveMode && schedule.contactDetails.email === 'contact2@example.com';
			});
			assert.ok(expected.length > 0, 'the filters match some schedules');
			assert.deepEqual(ids(result.items), expected.map((schedule) => schedule._id));
			assert.deepEqual(sandbox.requests[0].query, {
				altId: LOCATION,
				altType: 'location',
				status: 'active',
				startAt: '2026-01-10',
				endAt: '2026-02-20',
				search: 'contact2@',
				paymentMode: 'live',
				limit: '100',
				offset: '0',
			});
		});

		it('a list that shifts while it is read: each schedule once, and the hint counts the repeats', async () => {
			const seeded = sandbox.seedSchedules(LOCATION, 250);
			sandbox.pagingFault = { overlap: 3 };
			const result = await run({ operation: 'getAll', returnAll: true });

			assert.deepEqual(ids(result.items), seeded.map((schedule) => schedule._id));
			assert.deepEqual(result.hints.map((hint) => hint.message), [
				'Get Many: 250 invoice schedules, 3 repeated records dropped (listed on more than one page; each invoice schedule is output once)',
			]);
		});

		it('fails clearly, without looping, when HighLevel ignores the offset', async () => {
			sandbox.seedSchedules(LOCATION, 250);
			sandbox.pagingFault = { ignoreOffset: true };
			const result = await run({ operation: 'getAll', returnAll: true });

			assert.match(
				String(result.error?.message),
				/^HighLevel answered page 2 of the invoice schedule list with only invoice schedules an earlier page had listed \(100 repeated, none new\); Get Many stops/,
			);
			assert.equal(sandbox.requests.length, 2);
		});

		it('fails clearly when a page brings nothing while total says there is more (the offset does not advance)', async () => {
			sandbox.server.inject(
				{ kind: 'reply', reply: { status: 200, body: { schedules: [{ _id: 'sch_1' }], total: 5 } } },
				{ kind: 'reply', reply: { status: 200, body: { schedules: [], total: 5 } } },
			);
			const result = await run({ operation: 'getAll', returnAll: true });

			assert.match(String(result.error?.message), /answered page 2 of the invoice schedule list with a next page position it had already given \(1\)/);
			assert.equal(sandbox.requests.length, 2);
		});

		it('refuses an answer without schedules or total', async () => {
			sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { invoices: [], total: 0 } } });
			const wrongList = await run({ operation: 'getAll' });
			sandbox.server.inject({ kind: 'reply', reply: { status: 200, body: { schedules: [] } } });
			const noTotal = await run({ operation: 'getAll' });

			assert.match(String(wrongList.error?.message), /HighLevel answered the invoice schedule list without a "schedules" list/);
			assert.match(String(noTotal.error?.message), /HighLevel answered the invoice schedule list without its total/);
		});

		for (const [name, filters, pattern] of [
			['an unknown payment mode', { paymentMode: 'sandbox' }, /The filter "Payment Mode" has an unknown value "sandbox"/],
			['a start that is no date', { startAt: '01/02/2026' }, /The filter "Start At" is not a date/],
			['a status that is no text', { status: ['active'] }, /The filter "Status" must be text/],
		] as const) {
			it(`refuses ${name} before any request`, async () => {
				const result = await run({ operation: 'getAll', filters });
				assert.match(String(result.error?.message), pattern);
				assert.equal(sandbox.requests.length, 0);
			});
		}

		it('Get Many -> Cancel with Dry Run: the list feeds {{ $json._id }} into Schedule ID', async () => {
			const seeded = sandbox.seedSchedules(LOCATION, 12);
			const found = await run({ operation: 'getAll', returnAll: true, filters: { status: 'active' } });
			sandbox.requests.length = 0;
			const dry = await run(
				{ operation: 'cancel', scheduleId: '={{ $json._id }}', options: { dryRun: true } },
				{ items: found.items.map((item) => item.json) },
			);

			const active = seeded.filter((schedule) => schedule.status === 'active').map((schedule) => schedule._id);
			assert.deepEqual(dry.items.map((item) => item.json.scheduleId), active);
			assert.ok(dry.items.every((item) => item.json.outcome === 'would_cancel'));
			assert.deepEqual(sandbox.writes, []);
		});
	});

	it('the node offers the resource: Invoice Schedule with Cancel, Delete, Get and Get Many; Schedule ID a plain string on version 1, a picker from version 2', () => {
		const description = (nodeTypes().get('n8n-nodes-invoice-ops.highLevel') as unknown as { description: { properties: Array<IDataObject & { name: string }> } }).description;
		const resource = description.properties.find((property) => property.name === 'resource')!;
		assert.deepEqual(resource.options, [
			{ name: 'Invoice', value: 'invoice' },
			{ name: 'Invoice Schedule', value: 'invoiceSchedule' },
		]);
		const operations = description.properties.filter((property) => property.name === 'operation');
		const forSchedules = operations.find((property) => JSON.stringify(property.displayOptions) === JSON.stringify({ show: { resource: ['invoiceSchedule'] } }))!;
		assert.deepEqual((forSchedules.options as IDataObject[]).map((option) => [option.value, option.action]), [
			['cancel', 'Cancel an invoice schedule'],
			['delete', 'Delete an invoice schedule'],
			['get', 'Get an invoice schedule'],
			['getAll', 'Get many invoice schedules'],
		]);
		// Version 1 a plain string (as saved), version 2 a picker (From List, By ID).
		const [v1, v2] = description.properties.filter((property) => property.name === 'scheduleId');
		assert.equal(v1.type, 'string');
		assert.equal(v1.required, true);
		assert.deepEqual(v1.displayOptions, { show: { resource: ['invoiceSchedule'], operation: ['cancel', 'delete', 'get'], '@version': [1] } });
		assert.equal(v2.type, 'resourceLocator');
		assert.equal(v2.required, true);
		assert.deepEqual((v2.modes as IDataObject[]).map((mode) => mode.name), ['list', 'id']);
		assert.deepEqual((v2.modes as IDataObject[])[0].typeOptions, { searchListMethod: 'searchSchedules', searchable: true, searchFilterRequired: false });
		assert.deepEqual(v2.displayOptions, { show: { resource: ['invoiceSchedule'], operation: ['cancel', 'delete', 'get'] }, hide: { '@version': [1] } });
		const invoiceId = description.properties.find((property) => property.name === 'invoiceId')!;
		assert.deepEqual(invoiceId.displayOptions, { show: { resource: ['invoice'], operation: ['delete', 'get', 'void'], '@version': [1] } });
		const options = description.properties.find((property) => property.name === 'options')!;
		assert.deepEqual(options.displayOptions, { show: { resource: ['invoice', 'invoiceSchedule'] } });
	});
});
