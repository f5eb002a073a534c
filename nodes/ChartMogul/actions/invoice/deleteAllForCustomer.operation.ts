import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { dataSourceOfCustomerProperty, dataSourceUuidOf, requireParam } from './fields';

const customerUuidOf = (context: OperationContext) => requireParam(context, 'customerUuid', 'Customer UUID');

export const deleteAllForCustomerOperation: InvoiceOperation = {
	value: 'deleteAllForCustomer',
	action: 'delete all invoices of customer',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: false,
	option: {
		name: 'Delete All of a Customer',
		description: 'Permanently delete every invoice of one customer in one data source',
		action: 'Delete all invoices of a customer',
	},
	properties: [
		{
			displayName:
				'This removes EVERY invoice of this customer in this data source, with their line items and transactions, in one irreversible request. Run it with Dry Run first.',
			name: 'deleteAllNotice',
			type: 'notice',
			default: '',
		},
		dataSourceOfCustomerProperty,
		{
			displayName: 'Customer UUID',
			name: 'customerUuid',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. cus_f466e33d-ff2b-4a11-8f85-417eb02157a7',
			description: 'The ChartMogul UUID of the customer whose invoices are all deleted',
		},
	],
	// Errors name the customer: there is no invoice id.
	target: (context) => String(context.param<unknown>('customerUuid', '') ?? ''),
	validate(context) {
		dataSourceUuidOf(context);
		customerUuidOf(context);
	},
	async execute(context) {
		const dataSourceUuid = dataSourceUuidOf(context);
		const customerUuid = customerUuidOf(context);
		// DELETE /v1/data_sources/{ds}/customers/{customer}/invoices -> 204
		const response = await context.send({
			method: 'DELETE',
			path: ['data_sources', dataSourceUuid, 'customers', customerUuid, 'invoices'],
		});
		return { response: response.body, ids: { dataSourceUuid, customerUuid } };
	},
};
