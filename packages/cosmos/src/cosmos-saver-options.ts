import type { Container, CosmosClientOptions, RetryOptions } from "@azure/cosmos";
import type {
  CompressionOptions,
  CorruptCheckpointError,
  HistoryOptions,
  RetentionOptions,
  StateSizeOptions,
  WriteFenceOptions,
} from "@checkpointkit/core";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";

/** What a saver operation is called in request-charge reports. */
export type CosmosOperationName =
  | "put"
  | "putWrites"
  | "getTuple"
  | "list"
  | "deleteThread"
  | "getDeltaChannelHistory"
  | "prune"
  | "copyThread"
  | "setup"
  | "getCheckpointSize"
  | "threadSizeSummary"
  | "listThreads"
  | "threadTotals"
  /** The tiered saver's cold tier (`@checkpointkit/cosmos/internal`). */
  | "coldWriteBatch"
  | "coldDeleteThread"
  | "readDeleteFence"
  | "acquireThreadLease"
  | "renewThreadLease"
  | "releaseThreadLease";

/** Options shared by every way of building a `CosmosSaver`. */
/**
 * `requireLease` and `concurrency` (core's `WriteFenceOptions`): checked in the write's own
 * transactional batch, in both history modes.
 */
export interface CosmosSaverBehaviourOptions
  extends RetentionOptions,
    HistoryOptions,
    WriteFenceOptions,
    StateSizeOptions {
  /**
   * Tenant of every thread this saver touches. When set, the container is partitioned by the
   * hierarchical key `["/tenant_id", "/thread_key"]` (the layout `setup()` creates then), and
   * one saver per tenant shares the same `Container`.
   * @default undefined (container partitioned by `/thread_key` alone)
   */
  tenantId?: string;
  /**
   * Serializer for checkpoints, metadata, channel values and writes.
   * @default JsonPlusSerializer
   */
  serde?: SerializerProtocol;
  /**
   * Compress serialized values at or above a size threshold before storing them.
   * @default undefined (stored as serialized)
   */
  compression?: CompressionOptions;
  /**
   * Called once per saver operation with the request units (RU) it consumed in total,
   * including failed requests, so cost can be tracked per operation.
   * @default undefined
   */
  onRequestCharge?: (operation: CosmosOperationName, requestUnits: number) => void;
  /**
   * Serialized values longer than this many bytes are split into chunk items written before
   * the checkpoint's batch. Cosmos DB caps an item at 2 MB and base64 adds a third; the default
   * keeps a checkpoint item with an inlined checkpoint and inlined metadata below the cap.
   * @default 524_288
   */
  chunkSizeBytes?: number;
  /**
   * Payload budget of one transactional batch, in bytes. The service rejects batches above
   * about 2 MB; values that would push a batch past this budget are written before it.
   * @default 1_800_000
   */
  batchBudgetBytes?: number;
  /**
   * How many items `list` asks the service for per page when no `limit` is smaller.
   * @default 100
   */
  listPageSize?: number;
  /**
   * Deadline of one saver operation, in milliseconds, the SDK's own retries (throttling,
   * resets, DNS failures, region failover) and its account metadata lookup included. Past it
   * the operation rejects with `BackendUnavailableError` ("timed out") and its requests are
   * aborted. `list` applies it to each page it fetches and `prune()` without a thread to each
   * request, so neither is cut short by its own length. Raise it for multi-MB states on slow
   * links; a write that timed out may have been applied (writes are idempotent: retry it).
   * @default 20_000
   */
  operationTimeoutMs?: number;
  /**
   * Called with the `CorruptCheckpointError` of each checkpoint a `list` without `thread_id`
   * (every thread) cannot decode; the listing then goes on with the other checkpoints, so one
   * damaged thread cannot hide all the others. Listing one thread throws the error instead, and
   * so does the global listing when this hook throws.
   * @default reports each one with `process.emitWarning`
   */
  onCorruptRecord?: (error: CorruptCheckpointError) => void;
}

/** `new CosmosSaver({ container, ... })`: the caller owns the client and its container. */
export interface CosmosSaverOptions extends CosmosSaverBehaviourOptions {
  /** The container that holds the checkpoints; never closed by the saver. */
  container: Container;
}

/** Where the container lives when the saver builds its own client. */
export interface CosmosContainerLocation extends CosmosSaverBehaviourOptions {
  /** Database id. */
  databaseId: string;
  /** Container id. */
  containerId: string;
  /**
   * Consistency the client asks for (can only relax the account's default). With `Session`
   * (the usual account default), a reader in another process sees a write only once its own
   * session has caught up; use `Strong`/`BoundedStaleness` accounts or pass session tokens
   * when another process must read its own writes immediately.
   * @default undefined (the account's default consistency)
   */
  consistencyLevel?: CosmosClientOptions["consistencyLevel"];
  /**
   * Timeout of one HTTP request of the client the saver creates, in milliseconds (the SDK's
   * `connectionPolicy.requestTimeout`, 60 s by default): within `operationTimeoutMs`, a
   * request that timed out can be retried (reads: in another region). A client you pass in
   * keeps its own setting.
   * @default 5_000
   */
  requestTimeoutMs?: number;
  /**
   * Throttling (429) retries before an operation fails with `BackendUnavailableError`.
   * @default the SDK's (9 retries, at most 30 s in total)
   */
  retryOptions?: RetryOptions;
  /**
   * Extra options for the `CosmosClient` the saver creates (agent, user agent suffix, ...).
   * @default {}
   */
  clientOptions?: Partial<CosmosClientOptions>;
}

/** Microsoft Entra ID credential (`DefaultAzureCredential`, `ManagedIdentityCredential`, ...). */
export type CosmosTokenCredential = NonNullable<CosmosClientOptions["aadCredentials"]>;

/** Options of `CosmosSaver.setup()`. */
export interface CosmosSetupOptions {
  /**
   * Create the database and container when they do not exist yet. Without it, `setup()` only
   * checks that the container exists and is partitioned as the saver expects.
   * @default false
   */
  createIfNotExists?: boolean;
  /**
   * Throughput of a container created by `setup()`, in RU/s. Ignored for serverless accounts
   * and existing containers.
   * @default undefined (the account's default / serverless)
   */
  throughputRequestUnits?: number;
}

export const DEFAULT_CHUNK_SIZE_BYTES = 524_288;
export const DEFAULT_BATCH_BUDGET_BYTES = 1_800_000;
export const DEFAULT_LIST_PAGE_SIZE = 100;
export const DEFAULT_OPERATION_TIMEOUT_MS = 20_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
