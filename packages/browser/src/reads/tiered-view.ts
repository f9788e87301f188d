import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  CheckpointListOptions,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";
import { checkpointKey } from "./checkpoint-address.js";

/** A tier's reads, as `TieredSaver` exposes its `hot` and `cold` tiers. */
interface TierReads {
  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple>;
}

/**
 * The public surface of `@checkpointkit/tiered`'s `TieredSaver` the browser reads: its two
 * tiers and `metrics()`. Recognised by shape, so the browser does not depend on the package.
 */
interface TieredSurface {
  hot: TierReads;
  cold: TierReads & { backend: string };
  metrics(): Promise<Record<string, unknown>>;
}

/** Backlog and lag of the flush to the durable tier, and the in-process flusher's counters. */
export interface TierMetrics {
  coldBackend: string;
  /** Outbox entries not yet in the cold tier. */
  backlog: number;
  /** Age of the oldest of them, in milliseconds. */
  lagMs: number;
  /** Every other numeric field of `metrics()` (flush rate, retries, dead letters, ...). */
  counters: Record<string, number>;
}

function isTierReads(value: unknown): value is TierReads {
  return typeof (value as TierReads | undefined)?.list === "function";
}

/** The saver's tiers when it is a `TieredSaver` (or has the same public surface). */
export function tieredSurfaceOf(saver: BaseCheckpointSaver): TieredSurface | undefined {
  const candidate = saver as unknown as Partial<TieredSurface>;
  if (typeof candidate.metrics !== "function") return undefined;
  if (!isTierReads(candidate.hot) || !isTierReads(candidate.cold)) return undefined;
  if (typeof candidate.cold.backend !== "string") return undefined;
  return candidate as TieredSurface;
}

/** One `metrics()` call: a few Redis commands, never the cold tier. */
export async function readTierMetrics(tiered: TieredSurface): Promise<TierMetrics> {
  const metrics = await tiered.metrics();
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === "number" && name !== "backlog" && name !== "lagMs") counters[name] = value;
  }
  return {
    coldBackend: tiered.cold.backend,
    backlog: Number(metrics.backlog ?? 0),
    lagMs: Number(metrics.lagMs ?? 0),
    counters,
  };
}

/**
 * Which tiers hold each checkpoint of a timeline page (keyed by `checkpointKey`): the same `list` query (same `before`,
 * `limit`) on each tier. A tier holds a subset of the merged history, so its newest `limit`
 * checkpoints before the same bound include every one of the page's that it has.
 */
export async function tiersOfPage(
  tiered: TieredSurface,
  config: RunnableConfig,
  options: CheckpointListOptions,
): Promise<Map<string, string[]>> {
  const [hot, cold] = await Promise.all([
    idsOf(tiered.hot, config, options),
    idsOf(tiered.cold, config, options),
  ]);
  const tiers = new Map<string, string[]>();
  for (const id of new Set([...hot, ...cold])) {
    tiers.set(id, [
      ...(hot.has(id) ? ["redis"] : []),
      ...(cold.has(id) ? [tiered.cold.backend] : []),
    ]);
  }
  return tiers;
}

async function idsOf(
  tier: TierReads,
  config: RunnableConfig,
  options: CheckpointListOptions,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const tuple of tier.list(config, options)) {
    ids.add(
      checkpointKey(String(tuple.config.configurable?.checkpoint_ns ?? ""), tuple.checkpoint.id),
    );
  }
  return ids;
}
