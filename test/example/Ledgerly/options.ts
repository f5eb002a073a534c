import type { INodeProperties } from 'n8n-workflow';

/** Ledgerly adds nothing to the Options collection. */
export const ledgerlyOptions: INodeProperties[] = [];
