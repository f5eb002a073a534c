import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executeInvoiceOperations } from '../shared/execute';
import { invoiceNodeProperties } from '../shared/descriptions';
import { listSearchMethods } from '../shared/locator';
import { invoicePicker, schedulePicker } from './pickers';
import { invoiceOperations } from './actions/invoice';
import { invoiceScheduleOperations } from './actions/invoiceSchedule';
import { authenticationProperty, highLevelOptions } from './options';
import { highLevel, MARKETPLACE_APP_CREDENTIAL, TOKEN_CREDENTIAL } from './provider';

export class HighLevel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Invoice Ops',
		name: 'highLevel',
		icon: { light: 'file:highLevel.svg', dark: 'file:highLevel.dark.svg' },
		group: ['transform'],
		// Version 2: the Invoice ID and Schedule ID are pickers (From List, By ID); version 1 keeps plain strings.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Delete or void HighLevel invoices, and cancel or delete the recurring invoice schedules that issue them. These changes are irreversible: Get or Dry Run first, and prefer Void over Delete for a wrongly issued invoice.',
		defaults: { name: 'HighLevel Invoice Ops' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: TOKEN_CREDENTIAL,
				required: true,
				displayOptions: { show: { authentication: ['privateIntegrationToken'] } },
			},
			{
				name: MARKETPLACE_APP_CREDENTIAL,
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: invoiceNodeProperties({
			leading: [authenticationProperty],
			operations: invoiceOperations,
			invoiceIdDescription: 'The HighLevel invoice ID (its _id), e.g. from an InvoiceCreate webhook or the invoice URL',
			options: highLevelOptions,
			provider: highLevel,
			invoicePicker,
			moreResources: [
				{
					operations: invoiceScheduleOperations,
					idDescription: 'The HighLevel recurring invoice schedule ID (its _id), e.g. from Get Many of invoice schedules',
					picker: schedulePicker,
				},
			],
		}),
	};

	methods = { listSearch: listSearchMethods(highLevel, [invoicePicker, schedulePicker]) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperations(this, highLevel, [...invoiceOperations, ...invoiceScheduleOperations]);
	}
}
