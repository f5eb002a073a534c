import type { INodeProperties } from 'n8n-workflow';

import { dryRunOption } from '../../shared/descriptions';

export const fatoraOptions: INodeProperties[] = [
	{ ...dryRunOption, displayOptions: { show: { '/operation': ['delete'] } } },
];
