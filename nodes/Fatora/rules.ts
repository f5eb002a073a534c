import { predictWith, type Verdict } from '../shared/rules';
import type { ProviderResponse } from '../shared/types';
import { readInvoice } from './request';

/**
 * Fatora documents no precondition for a delete but the invoice's existence: an invoice the read
 * finds would be deleted; one it does not find (404) the runner reports as would_fail.
 */
export const fatoraRules = {
	delete: (): Verdict => ({ allowed: true }),
};

/** Dry run of Delete: `GET /v1/invoices/{id}` and the rule. */
export const predictDelete = predictWith(readInvoice, fatoraRules.delete, (response: ProviderResponse) => response.body);
