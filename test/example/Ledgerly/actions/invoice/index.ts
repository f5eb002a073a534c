import { deleteOperation } from './delete.operation';
import { getOperation } from './get.operation';

/** In the order the Operation list shows them. */
export const invoiceOperations = [deleteOperation, getOperation];
