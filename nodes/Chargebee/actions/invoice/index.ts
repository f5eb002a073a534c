import { deleteOperation } from './delete.operation';
import { getOperation } from './get.operation';
import { getAllOperation } from './getAll.operation';
import { voidOperation } from './void.operation';
import { writeOffOperation } from './writeOff.operation';

/** In the order the Operation list shows them. */
export const invoiceOperations = [deleteOperation, getOperation, getAllOperation, voidOperation, writeOffOperation];
