/**
 * The test servers of `@checkpointkit/conformance`, from its `./servers` entry (the main
 * entry registers jest specs and needs jest's globals).
 *
 * The package is CommonJS TypeScript source. Loaded from this ES module, Node sees its exports
 * only on the `default` export (module.exports), as the names are defined through getters its
 * static CommonJS analysis cannot follow; under another loader they may be named exports.
 * `fromEither` accepts both shapes.
 */
import type * as TestServers from "@checkpointkit/conformance/servers";

export type {
  CosmosTestClientOptions,
  CosmosTestServer,
  TestServer,
} from "@checkpointkit/conformance/servers";

function fromEither<T extends object>(loaded: T & { default?: T }, name: keyof T): T {
  return name in loaded && loaded[name] !== undefined ? loaded : (loaded.default ?? loaded);
}

const testServers = fromEither<typeof TestServers>(
  await import("@checkpointkit/conformance/servers"),
  "redis",
);

export const { redis, postgres, cosmos, createCosmosTestClient } = testServers;
