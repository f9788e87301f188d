import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

/** Options a spec may ask of a harness when it needs a differently configured saver. */
export interface SaverCreateOptions {
  /** Create the saver with this TTL (only asked when `capabilities.ttl` is true). */
  ttlSeconds?: number;
}

/**
 * How the conformance suite gets savers of one backend. Each `create()` must return a saver
 * over fresh, empty storage (its own key prefix, schema or container), so specs never see
 * each other's data and can run in any order.
 */
export interface SaverHarness<T extends BaseCheckpointSaver = BaseCheckpointSaver> {
  /** Shown in test output, e.g. `RedisSaver (standalone)`. */
  name: string;
  /** Once before the suite (start or connect to servers). */
  beforeAll?(): Promise<void>;
  /** Milliseconds `beforeAll` may take. @default 60000 */
  beforeAllTimeoutMs?: number;
  /** Once after the suite. */
  afterAll?(): Promise<void>;
  create(options?: SaverCreateOptions): Promise<T>;
  /** Releases what `create` made (drop the schema, close the client, ...). */
  destroy?(saver: T): Promise<void>;
}
