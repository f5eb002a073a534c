import type { INodeProperties } from 'n8n-workflow';

/** Fatora adds nothing to the Options collection. */
export const fatoraOptions: INodeProperties[] = [];
