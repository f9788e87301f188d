import { SAVER_BACKENDS } from "@checkpointkit/core/internal";
import type { CosmosSaver, CosmosSetupOptions } from "@checkpointkit/cosmos";
import { CosmosColdWriter } from "@checkpointkit/cosmos/internal";
import type { ColdBatch } from "./cold-tier.js";
import type { ColdTierDescriptionResult } from "./cold-tier-description.js";
import { SaverBackedColdTier } from "./saver-backed-cold-tier.js";
import { traceColdTier } from "./tiered-saver-tracing.js";

export interface CosmosColdTierOptions {
  /** The saver records are written through. Containers without a tenant (single partition key path) only. */
  saver: CosmosSaver;
  /**
   * Passed to `saver.setup()` by `setup()`, e.g. `{ createIfNotExists: true }`.
   * @default {}
   */
  setupOptions?: CosmosSetupOptions;
}

/**
 * The cold tier on Cosmos DB, through the Cosmos package's own cold-write API
 * (`CosmosColdWriter`): serialized records are stored as `put`/`putWrites` store them
 * (transactional batches, idempotent, the head never moves backwards) without deserializing
 * their values, and delete fences are kept and checked by that package. Every error is the
 * saver's typed error, with its deadline.
 */
export class CosmosColdTier extends SaverBackedColdTier<CosmosSaver> {
  readonly backend = "cosmos" as const;
  readonly #setupOptions: CosmosSetupOptions;
  readonly #writer: CosmosColdWriter;

  constructor(options: CosmosColdTierOptions) {
    super(options.saver);
    this.#setupOptions = options.setupOptions ?? {};
    this.#writer = new CosmosColdWriter(options.saver);
  }

  /**
   * The saver's own `ttlSeconds` (native per-item TTL), so a child is never shipped relying
   * on a parent's values the service may have expired.
   */
  get ttlSeconds(): number | undefined {
    return this.#writer.saverTtlSeconds;
  }

  async setup(): Promise<void> {
    await this.saver.setup(this.#setupOptions);
  }

  async writeBatch(batch: ColdBatch): Promise<void> {
    await this.#writer.writeBatch({
      checkpoints: batch.checkpoints.map((record) => ({
        ...record,
        fencePosition: record.entryId,
      })),
      writes: batch.writes.map((record) => ({ ...record, fencePosition: record.entryId })),
    });
  }

  async deleteThread(threadId: string, fenceEntryId: string): Promise<void> {
    await this.#writer.deleteThread(threadId, fenceEntryId);
  }

  /**
   * The tiered saver's `ttlSeconds`, as over PostgreSQL: whole threads whose newest record is
   * older than the TTL (by the records' `createdAt`) are deleted by the Cosmos package's own
   * sweep; a thread written meanwhile is kept.
   */
  expireThreads(ttlSeconds: number): Promise<number> {
    return this.#writer.expireIdleThreads(ttlSeconds);
  }

  deleteFence(threadId: string): Promise<string | undefined> {
    return this.#writer.deleteFence(threadId);
  }

  /**
   * Not yet: the saver's `CosmosClient` does not expose how it was built (endpoint, key or
   * `TokenCredential`, and a credential object cannot cross threads), so the tiered saver
   * runs this tier's flusher in-process.
   */
  describeForWorker(): ColdTierDescriptionResult {
    return { refused: "a Cosmos DB cold tier cannot be rebuilt in a worker thread yet" };
  }

  /** The client is the saver's: nothing of the tier's own to release. */
  async close(): Promise<void> {}
}

// The cold tier's writes as spans of its backend (see tiered-saver-tracing.ts).
traceColdTier(CosmosColdTier, SAVER_BACKENDS.cosmos);
