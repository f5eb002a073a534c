import { deleteAllForCustomerOperation } from './deleteAllForCustomer.operation';
import { deleteOperation } from './delete.operation';
import { disableOperation } from './disable.operation';
import { enableOperation } from './enable.operation';
import { getOperation } from './get.operation';
import { getAllOperation } from './getAll.operation';
import { voidOperation } from './void.operation';
import { writeOffOperation } from './writeOff.operation';

/** In the order the Operation list shows them. */
export const invoiceOperations = [
	deleteOperation,
	deleteAllForCustomerOperation,
	disableOperation,
	enableOperation,
	getOperation,
	getAllOperation,
	voidOperation,
	writeOffOperation,
];
