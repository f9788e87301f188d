import type { CosmosClient, RetryOptions } from "@azure/cosmos";
import type { CosmosFaultInjector } from "@checkpointkit/conformance";
import type { CosmosSaver, CosmosSaverBehaviourOptions } from "../src/index.js";
import type { BatchHook } from "./batch-hook.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

export interface CosmosSaverFixtureOptions {
  /** Sees every request; its pending faults are cleared after each test so none leaks into the next. */
  injector?: CosmosFaultInjector;
  /** Runs before the injector on every request; reset after each test. */
  batchHook?: BatchHook;
  /** The client's retry policy; the SDK's default when absent. */
  retryOptions?: RetryOptions;
  /** How the saver under test behaves (chunk size, TTL, ...). */
  saverOptions?: CosmosSaverBehaviourOptions;
  /** Runs once after the saver is set up, before any test (e.g. to warm the client's caches). */
  prepare?: (saver: CosmosSaver) => Promise<void>;
}

/** What a test file shares: one client, and one saver over a fresh container. */
export interface CosmosSaverFixture {
  readonly client: CosmosClient;
  readonly saver: CosmosSaver;
}

/**
 * Registers the jest hooks that give a test file its own container: created before the first
 * test, dropped (and the client disposed) after the last. Read the accessors inside tests only.
 */
export function useCosmosSaver(options: CosmosSaverFixtureOptions = {}): CosmosSaverFixture {
  const { injector, batchHook } = options;
  let client: CosmosClient | undefined;
  let saver: CosmosSaver | undefined;

  beforeAll(async () => {
    client = newClient(await sharedServer(), {
      injector,
      plugins: batchHook === undefined ? [] : [batchHook.plugin],
      retryOptions: options.retryOptions,
    });
    saver = await saverInFreshContainer(client, options.saverOptions);
    await options.prepare?.(saver);
  });

  afterEach(() => {
    batchHook?.reset();
    injector?.clear();
  });

  afterAll(async () => {
    if (saver !== undefined) await dropContainer(saver);
    client?.dispose();
  });

  return {
    get client() {
      if (client === undefined) throw new Error("useCosmosSaver: the client exists from beforeAll");
      return client;
    },
    get saver() {
      if (saver === undefined) throw new Error("useCosmosSaver: the saver exists from beforeAll");
      return saver;
    },
  };
}
