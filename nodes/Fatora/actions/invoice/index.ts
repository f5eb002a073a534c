import { deleteOperation } from './delete.operation';
import { getOperation } from './get.operation';
import { getAllOperation } from './getAll.operation';

/** In the order the Operation list shows them. Fatora documents no void or write-off. */
export const invoiceOperations = [deleteOperation, getOperation, getAllOperation];
