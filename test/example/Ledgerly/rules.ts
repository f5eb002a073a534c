import type { IDataObject } from 'n8n-workflow';

import { predictWith, type Verdict } from '../../../nodes/shared/rules';
import { readInvoice } from './request';

/** Ledgerly deletes any invoice that is not locked. */
export const ledgerlyRules = {
	delete: (invoice: IDataObject): Verdict =>
		invoice.status === 'locked' ? { allowed: false, reason: 'the invoice is locked' } : { allowed: true },
};

export const predictDelete = predictWith(readInvoice, ledgerlyRules.delete);
