import { cancelOperation } from './cancel.operation';
import { deleteOperation } from './delete.operation';
import { getOperation } from './get.operation';
import { getAllOperation } from './getAll.operation';

/** In the order the Operation list shows them: recurring invoice schedules (resource `invoiceSchedule`). */
export const invoiceScheduleOperations = [cancelOperation, deleteOperation, getOperation, getAllOperation];
