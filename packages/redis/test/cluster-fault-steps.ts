// The fault matrix's own bounds and process-fault records, so these cases hold the saver to
// exactly the matrix's contract.
import {
  deadlineBoundMs,
  processFaultsSoFar,
  type RedisClusterHandle,
  type RedisClusterNode,
  recoveryWindowMs,
} from "@checkpointkit/conformance";
import { BackendUnavailableError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Cluster } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix } from "./redis-test-saver.js";
import { timeRejection } from "./time-to-reject.js";

/**
 * The steps of the Redis Cluster fault cases (`cluster-faults.test.ts`): which threads a
 * fault hits, what each operation must do under it, and what recovery means.
 */

const COMMAND_TIMEOUT_MS = 1_000;
/** A `list` page is two round trips, so an operation's deadline is two command timeouts. */
const DEADLINE_MS = 2 * COMMAND_TIMEOUT_MS;
const BOUND_MS = deadlineBoundMs(DEADLINE_MS);
/** `startRedisCluster` runs its nodes with `--cluster-node-timeout 5000`. */
const CLUSTER_NODE_TIMEOUT_MS = 5_000;
/**
 * A healed cluster serves again only once its nodes agree: the survivors clear a master's
 * FAIL flag up to two node timeouts after they set it, so the matrix's window gets those too.
 */
const RECOVERY_WINDOW_MS = recoveryWindowMs(DEADLINE_MS) + 3 * CLUSTER_NODE_TIMEOUT_MS;
const RETRY_INTERVAL_MS = 200;
export const CLUSTER_START_TIMEOUT_MS = 60_000;
export const CASE_TIMEOUT_MS = 5 * BOUND_MS + RECOVERY_WINDOW_MS + 20_000;

const OPERATIONS = ["put", "getTuple", "list", "putWrites", "deleteThread"] as const;
type OperationName = (typeof OPERATIONS)[number];

/** What a user passes: a Cluster client with the settings the README recommends. */
export function clusterClient(
  nodes: readonly RedisClusterNode[],
  natMap?: Record<string, RedisClusterNode>,
): Cluster {
  const client = new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    { redisOptions: { maxRetriesPerRequest: 1 }, ...(natMap === undefined ? {} : { natMap }) },
  );
  // As the README asks of every Cluster client: the faults these tests cause are reported
  // through the saver's rejected calls, not as "[ioredis] Unhandled error event" lines.
  client.on("error", () => {});
  return client;
}

export function newSaver(client: Cluster): RedisSaver {
  return new RedisSaver({
    client,
    keyPrefix: freshKeyPrefix("cluster-fault"),
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
  });
}

/** One call of `operation` on `threadId` (`deleteThread` on `deleteThreadId`: it must not erase acknowledged writes). */
function operationCall(
  saver: RedisSaver,
  operation: OperationName,
  threadId: string,
  deleteThreadId: string,
): () => Promise<unknown> {
  const thread = threadConfig(threadId);
  switch (operation) {
    case "put": {
      const checkpoint = makeCheckpoint({ step: "under fault" });
      return () => saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    }
    case "getTuple":
      return () => saver.getTuple(thread);
    case "list":
      return async () => {
        for await (const _tuple of saver.list(thread)) {
          // Drain every page.
        }
      };
    case "putWrites":
      return async () => {
        const head = await saver.getTuple(thread);
        const config: RunnableConfig = head?.config ?? {
          configurable: { ...thread.configurable, checkpoint_id: "missing" },
        };
        await saver.putWrites(config, [["under-fault", 1]], "task-under-fault");
      };
    case "deleteThread":
      return () => saver.deleteThread(deleteThreadId);
  }
}

/** Index (in `cluster.nodes`) of the master serving the slot of `threadId`'s keys. */
async function ownerOf(
  client: Cluster,
  saver: RedisSaver,
  cluster: RedisClusterHandle,
  threadId: string,
) {
  const [key] = saver.keyLayout.scriptKeys(threadId);
  const slot = Number(await client.cluster("KEYSLOT", key as string));
  const ranges = (await client.cluster("SLOTS")) as unknown as [number, number, [string, number]][];
  const owner = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2];
  return cluster.nodes.findIndex((node) => node.port === owner?.[1]);
}

/** A thread id whose slot the master `nodeIndex` serves. */
async function threadOn(
  client: Cluster,
  saver: RedisSaver,
  cluster: RedisClusterHandle,
  nodeIndex: number,
  label: string,
): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const threadId = `${label}-${attempt}`;
    if ((await ownerOf(client, saver, cluster, threadId)) === nodeIndex) return threadId;
  }
  throw new Error(`no thread id found on node ${nodeIndex}`);
}

/** A checkpoint with one pending write, acknowledged by the saver. */
async function acknowledgedWrite(saver: RedisSaver, threadId: string): Promise<RunnableConfig> {
  const checkpoint = makeCheckpoint({ owner: threadId });
  const config = await saver.put(
    threadConfig(threadId),
    checkpoint,
    LOOP_METADATA,
    versionsOf(checkpoint),
  );
  await saver.putWrites(config, [["acknowledged", threadId]], "task");
  return config;
}

async function expectReadable(saver: RedisSaver, config: RunnableConfig): Promise<void> {
  const tuple = await saver.getTuple(config);
  const threadId = config.configurable?.thread_id as string;
  expect(tuple?.checkpoint.channel_values).toEqual({ owner: threadId });
  expect(tuple?.pendingWrites).toEqual([["task", "acknowledged", threadId]]);
}

/** Every operation of the case rejects with BackendUnavailableError within the bound. */
export async function expectEveryOperationRejects(
  fault: string,
  saver: RedisSaver,
  threadId: string,
  deleteThreadId: string,
): Promise<void> {
  for (const operation of OPERATIONS) {
    const { error, elapsedMs } = await timeRejection(
      `${fault} × ${operation}`,
      operationCall(saver, operation, threadId, deleteThreadId),
    );
    expect({ operation, elapsedMs, withinBound: elapsedMs <= BOUND_MS }).toEqual({
      operation,
      elapsedMs,
      withinBound: true,
    });
    expect({
      operation,
      error: error.name,
      typed: BackendUnavailableError.isInstance(error),
    }).toEqual({ operation, error: error.name, typed: true });
    expect(processFaultsSoFar()).toEqual([]);
  }
}

/**
 * A thread on a healthy master, while another master is down: served, or refused with
 * BackendUnavailableError once the cluster declares itself down (full slot coverage is
 * Redis's default), within the bound either way.
 */
async function expectServedOrUnavailable(saver: RedisSaver, threadId: string): Promise<void> {
  const startedAt = performance.now();
  const error = await saver.getTuple(threadConfig(threadId)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const elapsedMs = Math.round(performance.now() - startedAt);
  expect({ elapsedMs, withinBound: elapsedMs <= BOUND_MS }).toEqual({
    elapsedMs,
    withinBound: true,
  });
  if (error !== undefined) expect(BackendUnavailableError.isInstance(error)).toBe(true);
  expect(processFaultsSoFar()).toEqual([]);
}

/** Retries every operation until all work, within the recovery window. */
async function expectRecovery(fault: string, saver: RedisSaver, threadIds: string[]) {
  const startedAt = performance.now();
  let lastError: unknown;
  while (performance.now() - startedAt < RECOVERY_WINDOW_MS) {
    try {
      for (const threadId of threadIds) {
        for (const operation of OPERATIONS) {
          await operationCall(saver, operation, threadId, `${threadId}-scratch`)();
        }
      }
      if (process.env.REPORT_FAULT_TIMES === "1") {
        const elapsedMs = Math.round(performance.now() - startedAt);
        process.stdout.write(`${fault}: the saver worked again after ${elapsedMs} ms\n`);
      }
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
    }
  }
  throw new Error(`the saver did not work again within ${RECOVERY_WINDOW_MS} ms`, {
    cause: lastError,
  });
}

/** The threads a fault case works on, with a write acknowledged on each before the fault. */
interface FaultThreads {
  /** On the master the fault hits. */
  victimThread: string;
  /** Also on that master: `deleteThread` under the fault targets it, never acknowledged data. */
  scratchThread: string;
  /** On a master the fault leaves alone. */
  otherThread: string;
  victimWrite: RunnableConfig;
  otherWrite: RunnableConfig;
}

export async function arrangeThreads(
  client: Cluster,
  saver: RedisSaver,
  cluster: RedisClusterHandle,
  nodes: { victim: number; other: number },
  label: string,
): Promise<FaultThreads> {
  const victimThread = await threadOn(client, saver, cluster, nodes.victim, label);
  const scratchThread = await threadOn(client, saver, cluster, nodes.victim, `${label}-scratch`);
  const otherThread = await threadOn(client, saver, cluster, nodes.other, `beside-${label}`);
  return {
    victimThread,
    scratchThread,
    otherThread,
    victimWrite: await acknowledgedWrite(saver, victimThread),
    otherWrite: await acknowledgedWrite(saver, otherThread),
  };
}

/** Under the fault: the victim's calls are refused in time, the other master's served or refused. */
export async function expectFaultContained(
  fault: string,
  saver: RedisSaver,
  threads: FaultThreads,
): Promise<void> {
  await expectEveryOperationRejects(fault, saver, threads.victimThread, threads.scratchThread);
  await expectServedOrUnavailable(saver, threads.otherThread);
}

/** Healed: the saver works again and every acknowledged write reads back. */
export async function expectHealed(fault: string, saver: RedisSaver, threads: FaultThreads) {
  await expectRecovery(fault, saver, [threads.victimThread, threads.otherThread]);
  await expectReadable(saver, threads.otherWrite);
  await expectReadable(saver, threads.victimWrite);
  expect(processFaultsSoFar()).toEqual([]);
}
