import { deleteOperation } from './delete.operation';
import { getOperation } from './get.operation';
import { getAllOperation } from './getAll.operation';
import { voidOperation } from './void.operation';

/** In the order the Operation list shows them. HighLevel's API has no write off. */
export const invoiceOperations = [deleteOperation, getOperation, getAllOperation, voidOperation];
