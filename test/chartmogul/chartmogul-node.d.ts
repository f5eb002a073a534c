// The parts of the official SDK (chartmogul-node 3.x, plain JavaScript) the oracle test calls.
declare module 'chartmogul-node' {
	type Params = Record<string, unknown>;

	export class Config {
		constructor(apiKey: string, apiBase?: string);
		/** Attempts after the first on 429 / 5xx / network errors; undefined means 20. */
		retries?: number;
	}

	export const Invoice: {
		destroy(config: Config, uuid: string): Promise<unknown>;
		/** Non-GET requests take their query from `data.qs`. */
		destroyByExternalId(config: Config, data: { qs: Params }): Promise<unknown>;
		destroyAll(config: Config, dataSourceUuid: string, customerUuid: string): Promise<unknown>;
		retrieve(config: Config, uuid: string): Promise<unknown>;
		all(config: Config, params: Params): Promise<unknown>;
		updateStatus(config: Config, dataSourceUuid: string, externalId: string, data: Params): Promise<unknown>;
	};

	export const Customer: {
		retrieve(config: Config, customerUuid: string): Promise<unknown>;
		all(config: Config, params: Params): Promise<unknown>;
		search(config: Config, params: Params): Promise<unknown>;
	};

	export const DataSource: {
		all(config: Config, params?: Params): Promise<unknown>;
	};

	export const Ping: {
		ping(config: Config): Promise<unknown>;
	};
}
