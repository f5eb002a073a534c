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
		/** GET: `params` become the query (e.g. `with_disabled`). */
		retrieve(config: Config, uuid: string, params?: Params): Promise<unknown>;
		/** `PATCH /v1/invoices/{uuid}/disabled_state` with `{disabled: true}` / `{disabled: false}`. */
		disable(config: Config, uuid: string): Promise<unknown>;
		enable(config: Config, uuid: string): Promise<unknown>;
		/** `PATCH /v1/invoices/disabled_state` with `params` as the query. */
		disableByExternalId(config: Config, params: Params): Promise<unknown>;
		enableByExternalId(config: Config, params: Params): Promise<unknown>;
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
