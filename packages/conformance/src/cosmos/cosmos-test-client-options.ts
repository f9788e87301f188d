import type { ConnectionPolicy, PluginConfig } from "@azure/cosmos";

/** What `createCosmosTestClient` passes on to the `CosmosClient` it builds. */
export interface CosmosTestClientOptions {
  /**
   * SDK plugins, e.g. `createCosmosFaultInjector().plugin` to inject 429/503 or count requests.
   * @default []
   */
  plugins?: PluginConfig[];
  /**
   * Merged over the test defaults (endpoint discovery off for the in-process server, which
   * has a single region). Put `retryOptions` here to tune the SDK's 429 retries.
   * @default {}
   */
  connectionPolicy?: Partial<ConnectionPolicy>;
  /**
   * Appended to the SDK's user agent, to tell test clients apart in server logs.
   * @default undefined
   */
  userAgentSuffix?: string;
}
