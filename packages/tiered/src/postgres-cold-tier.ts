import { SAVER_BACKENDS } from "@checkpointkit/core/internal";
import type { PostgresSaver } from "@checkpointkit/postgres";
import { PostgresColdWriter } from "@checkpointkit/postgres/internal";
import type { ColdBatch } from "./cold-tier.js";
import type { ColdTierDescriptionResult } from "./cold-tier-description.js";
import { describePostgresSaver } from "./postgres-cold-tier-description.js";
import { SaverBackedColdTier } from "./saver-backed-cold-tier.js";
import { traceColdTier } from "./tiered-saver-tracing.js";

export interface PostgresColdTierOptions {
  /** The saver the cold tier writes and reads through (its pool, schema, serde). Never closed here. */
  saver: PostgresSaver;
}

/**
 * The cold tier on PostgreSQL, through the PostgreSQL package's own cold-write API
 * (`PostgresColdWriter`): a batch checks the delete fences and inserts in one transaction on
 * one connection of the saver's pool, under transaction-scoped advisory locks, and a delete
 * moves the fence and deletes under the thread's exclusive lock. A write racing a delete
 * either commits before it (and is deleted) or leaves out every record at or before the
 * fence. Nothing is held between calls, and every error is the saver's typed error.
 */
export class PostgresColdTier extends SaverBackedColdTier<PostgresSaver> {
  readonly backend = "postgres" as const;
  #writer: Promise<PostgresColdWriter> | undefined;

  constructor(options: PostgresColdTierOptions) {
    super(options.saver);
  }

  /** The saver's `ttlSeconds`: its sweeper deletes threads idle that long. */
  get ttlSeconds(): number | undefined {
    return this.saver.ttlSeconds;
  }

  async setup(): Promise<void> {
    await (await this.#coldWriter()).setup();
  }

  async writeBatch(batch: ColdBatch): Promise<void> {
    const writer = await this.#coldWriter();
    await writer.writeBatch({
      checkpoints: batch.checkpoints.map((record) => ({
        ...record,
        fencePosition: record.entryId,
      })),
      writes: batch.writes.map((record) => ({ ...record, fencePosition: record.entryId })),
    });
  }

  async deleteThread(threadId: string, fenceEntryId: string): Promise<void> {
    await (await this.#coldWriter()).deleteThread(threadId, fenceEntryId);
  }

  async expireThreads(ttlSeconds: number): Promise<number> {
    return (await this.#coldWriter()).deleteExpiredThreads(ttlSeconds);
  }

  async deleteFence(threadId: string): Promise<string | undefined> {
    return (await this.#coldWriter()).deleteFence(threadId);
  }

  /**
   * The pool's settings and the saver's, for the worker-thread flusher. Refused for a
   * subclass (its overrides would not run in the worker), a custom serde, and a pool whose
   * settings are not plain data or have no `connectionString`.
   */
  describeForWorker(): ColdTierDescriptionResult {
    if (this.constructor !== PostgresColdTier) {
      return { refused: "the cold tier is a subclass of PostgresColdTier" };
    }
    return describePostgresSaver(this.saver);
  }

  /** The pool is the saver's: nothing of the tier's own to release. */
  async close(): Promise<void> {}

  // Created on first use rather than in the constructor, so constructing the tier stays free
  // of side effects on the saver's pool. A static import like the Cosmos tier's: a dynamic
  // import() in the CommonJS build breaks under jest and other CJS loaders.
  #coldWriter(): Promise<PostgresColdWriter> {
    this.#writer ??= Promise.resolve(new PostgresColdWriter(this.saver));
    return this.#writer;
  }
}

// The cold tier's writes as spans of its backend (see tiered-saver-tracing.ts).
traceColdTier(PostgresColdTier, SAVER_BACKENDS.postgres);
