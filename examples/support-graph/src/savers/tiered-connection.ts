import type { PostgresSaver } from "@checkpointkit/postgres";
import { TieredSaver } from "@checkpointkit/tiered";
import { CosmosColdTier } from "@checkpointkit/tiered/cosmos";
import { PostgresColdTier } from "@checkpointkit/tiered/postgres";
import { Redis } from "ioredis";
import {
  type CosmosConnection,
  isCosmosConnection,
  type OpenedCosmosSaver,
  openCosmosSaver,
} from "./cosmos-connection.js";
import {
  isPostgresConnection,
  openPostgresSaver,
  type PostgresConnection,
} from "./postgres-connection.js";
import type { ColdTierName } from "./saver-factory.js";

/** What a process needs to open the demo's TieredSaver (sent to the crash child over IPC). */
export interface TieredConnection {
  /** Redis URL of the hot tier; may carry a password, so it is never printed. */
  redisUrl: string;
  /** Key prefix of the hot data and the outbox; one per cold tier, so flushers never mix them. */
  keyPrefix: string;
  /** Hash-tag shards (outbox streams) of the hot tier. */
  shardCount: number;
  coldTier: ColdTierName;
  postgres?: PostgresConnection;
  cosmos?: CosmosConnection;
}

export function isTieredConnection(value: unknown): value is TieredConnection {
  const candidate = value as Partial<TieredConnection> | null;
  return (
    typeof candidate?.redisUrl === "string" &&
    typeof candidate.keyPrefix === "string" &&
    typeof candidate.shardCount === "number" &&
    ((candidate.coldTier === "postgres" && isPostgresConnection(candidate.postgres)) ||
      (candidate.coldTier === "cosmos" && isCosmosConnection(candidate.cosmos)))
  );
}

/** The cold tier's own saver, for the audit query and the tier column of the timeline. */
export type ColdStore =
  | { kind: "postgres"; saver: PostgresSaver }
  | { kind: "cosmos"; opened: OpenedCosmosSaver };

export interface OpenedTieredSaver {
  saver: TieredSaver;
  cold: ColdStore;
  /** Closes the saver (draining its flusher, if it runs one), the cold saver and Redis. */
  close(): Promise<void>;
}

export interface TieredOpenOptions {
  /**
   * Run a flusher in this saver. The demo runs one flusher per run, in its own process; the
   * graph's savers only write, and the crash child, which is SIGKILLed, must not hold
   * entries it can never acknowledge.
   */
  runFlusher: boolean;
}

async function openColdStore(connection: TieredConnection): Promise<ColdStore> {
  if (connection.coldTier === "postgres" && connection.postgres !== undefined) {
    return { kind: "postgres", saver: await openPostgresSaver(connection.postgres) };
  }
  if (connection.coldTier === "cosmos" && connection.cosmos !== undefined) {
    return { kind: "cosmos", opened: await openCosmosSaver(connection.cosmos) };
  }
  throw new Error(`no connection for the ${connection.coldTier} cold tier`);
}

function closeColdStore(cold: ColdStore): Promise<void> {
  return cold.kind === "postgres" ? cold.saver.close() : cold.opened.close();
}

/** A TieredSaver with its own Redis client and cold saver, set up. */
export async function openTieredSaver(
  connection: TieredConnection,
  options: TieredOpenOptions,
): Promise<OpenedTieredSaver> {
  const redis = new Redis(connection.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on("error", () => {}); // reported through the saver's typed errors instead
  let cold: ColdStore | undefined;
  try {
    await redis.connect();
    cold = await openColdStore(connection);
    const coldTier =
      cold.kind === "postgres"
        ? new PostgresColdTier({ saver: cold.saver })
        : new CosmosColdTier({ saver: cold.opened.saver });
    const saver = new TieredSaver({
      redis,
      cold: coldTier,
      keyPrefix: connection.keyPrefix,
      shardCount: connection.shardCount,
      flusher: options.runFlusher ? { pollIntervalMs: 20 } : false,
    });
    await saver.setup();
    const openedCold = cold;
    return {
      saver,
      cold: openedCold,
      async close() {
        try {
          await saver.close();
        } finally {
          await closeColdStore(openedCold);
          redis.disconnect();
        }
      },
    };
  } catch (error) {
    if (cold !== undefined) await closeColdStore(cold);
    redis.disconnect();
    throw error;
  }
}
