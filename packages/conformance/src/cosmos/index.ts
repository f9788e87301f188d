export type { CosmosTestServer } from "../servers/test-server.js";
export { createCosmosTestClient } from "./cosmos-test-client.js";
export type { CosmosTestClientOptions } from "./cosmos-test-client-options.js";
export { cosmos, startCosmosServer } from "./cosmos-test-server.js";
export type { CosmosTestServerOptions } from "./cosmos-test-server-options.js";
export {
  type CosmosFaultFilter,
  type CosmosFaultInjector,
  createCosmosFaultInjector,
  type RecordedCosmosRequest,
} from "./fault-injector.js";
