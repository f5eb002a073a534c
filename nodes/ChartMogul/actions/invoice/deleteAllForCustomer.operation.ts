import type { InvoiceOperation, OperationContext } from '../../../shared/types';
import { versionedPicker } from '../../../shared/locator';
import { dataSourceOfCustomerProperties } from '../../options';
import { customerPicker } from '../../pickers';
import { customerInvoiceIds, dataSourceUuidOf } from '../../request';
import { requireId } from '../../../shared/validate';

const customerUuidOf = (context: OperationContext) => requireId(context.param<unknown>('customerUuid', ''), 'Customer UUID');

/**
 * The rule Delete All is judged by: ChartMogul deletes the invoices of a customer it knows (none
 * is fine) and answers 404 for one it does not. A customer with invoices is known; for one
 * without, `GET /v1/customers/{uuid}` tells, and its 404 throws like the delete's would.
 */
async function confirmCustomerKnown(context: OperationContext, customerUuid: string, invoices: unknown[]): Promise<void> {
	if (invoices.length > 0) return;
	await context.send({ method: 'GET', path: ['customers', customerUuid] });
}

export const deleteAllForCustomerOperation: InvoiceOperation = {
	value: 'deleteAllForCustomer',
	action: 'delete all invoices of customer',
	outcome: 'deleted',
	dryRunOutcome: 'would_delete',
	usesInvoiceId: false,
	counted: ["customer's invoices", "customers' invoices"],
	option: {
		name: 'Delete All of a Customer',
		description: 'Irreversible: permanently delete every invoice of one customer in one data source; Dry Run first to see how many',
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
		...dataSourceOfCustomerProperties,
		...versionedPicker(
			{
				displayName: 'Customer UUID',
				name: 'customerUuid',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. cus_f466e33d-ff2b-4a11-8f85-417eb02157a7',
				description: 'The ChartMogul UUID of the customer whose invoices are all deleted',
			},
			customerPicker,
		),
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
	/**
	 * Lists what would go, all pages, and reports the count as `invoiceCount` and each invoice's
	 * `uuid` and `external_id` in `response.invoices` (not the invoice objects, which for a big
	 * customer would fill the execution's memory).
	 */
	async predict(context) {
		const dataSourceUuid = dataSourceUuidOf(context);
		const customerUuid = customerUuidOf(context);
		const invoices = await customerInvoiceIds(context, dataSourceUuid, customerUuid);
		await confirmCustomerKnown(context, customerUuid, invoices);
		return {
			invoice: { invoiceCount: invoices.length, invoices },
			allowed: true,
			ids: { dataSourceUuid, customerUuid, invoiceCount: invoices.length },
		};
	},
	// No changeIsMade: a re-run finds nothing left to delete and ChartMogul deletes nothing,
	// which it answers 204 like the first run, so there is no failure to excuse.
};
