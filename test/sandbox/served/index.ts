import { chargebee } from './chargebee';
import { chartMogul } from './chartmogul';
import { fatora } from './fatora';
import { highLevel } from './highlevel';
import type { AnyServedProvider } from './types';

/** Every provider sandbox `npm run dev` serves and the end-to-end suite runs: one line each. */
export const SERVED: AnyServedProvider[] = [chargebee, chartMogul, highLevel, fatora];
