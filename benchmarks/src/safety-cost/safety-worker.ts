// One worker process of the run safety section (scenarios/safety-cost.ts starts two): it makes
// the savers of the variants it hosts, and on each request runs one block of steps of one
// variant on one saver. Its kind (argv[2]) says whether `@opentelemetry/api` is hidden,
// resolvable, or resolvable with the SDK registered before any saver is made.
import { createRequire } from "node:module";
import type * as Telemetry from "@checkpointkit/conformance/telemetry";
import { ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { STATE_SIZES } from "../fixtures/state-sizes.js";
import { ALL_SAVER_PLUGINS } from "../savers/all-saver-plugins.js";
import type { BenchSaver } from "../savers/saver-plugin.js";
import type { BenchServers } from "../servers/bench-servers.js";
import { hasThreadLeases, type LeaseHelpers, loadLeaseHelpers } from "./lease-helpers.js";
import { runSafetySteps } from "./run-safety-steps.js";
import { SAFETY_VARIANTS, type SafetyVariant, type SafetyWorkerKind } from "./safety-variants.js";
import type { StepBlock, WorkerReply, WorkerRequest, WorkerServers } from "./worker-protocol.js";

/** Long enough that no renewal falls inside a block: its round trips would count as the step's. */
const LEASE_TTL_MS = 600_000;
/** Where the savers look `@opentelemetry/api` up from: core's build. */
const CORE_ENTRY = new URL("../../../packages/core/dist/index.js", import.meta.url);

interface HostedSaver {
  /**
   * One saver over storage of its own per variant: every variant's storage then holds the
   * same data (the in-process Cosmos DB server slows with the items of a container).
   */
  byVariant: Map<SafetyVariant["id"], BenchSaver>;
  /** Each variant writes its own thread, continued from block to block. */
  threads: Map<SafetyVariant["id"], ThreadCheckpoints>;
}

const kind = process.argv[2] as SafetyWorkerKind;
const hosted = new Map<string, HostedSaver>();
const channelValues = STATE_SIZES.find((size) => size.label.startsWith("5 KB"))!.channelValues();
let leaseHelpers: LeaseHelpers | undefined;
/** The SDK of the `opentelemetry-sdk` worker, registered at setup as an application does at start. */
let capture: Telemetry.TelemetryCapture | undefined;

function benchServers(servers: WorkerServers): BenchServers {
  return {
    redisUrl: servers.redisUrl,
    postgresUrl: servers.postgresUrl,
    cosmos: servers.cosmos === undefined ? undefined : { ...servers.cosmos, stop: async () => {} },
    unavailable: servers.unavailable,
    origins: {},
    stop: async () => {},
  };
}

/** Whether the savers of this process find `@opentelemetry/api`, as the worker's kind says they must. */
function checkOpenTelemetryVisibility(): void {
  let found = true;
  try {
    createRequire(CORE_ENTRY).resolve("@opentelemetry/api");
  } catch {
    found = false;
  }
  if (found !== (kind !== "opentelemetry-not-installed"))
    throw new Error(
      `the ${kind} worker ${found ? "finds" : "does not find"} @opentelemetry/api from core`,
    );
}

async function setup(
  saverIds: readonly string[],
  servers: WorkerServers,
  variants: readonly SafetyVariant[],
): Promise<Record<string, string>> {
  checkOpenTelemetryVisibility();
  if (kind === "opentelemetry-sdk") capture = await registerSdk();
  const unavailable: Record<string, string> = {};
  if (variants.some((variant) => variant.leased)) leaseHelpers = await loadLeaseHelpers();
  for (const saverId of saverIds) {
    try {
      const plugin = ALL_SAVER_PLUGINS.find((candidate) => candidate.id === saverId);
      if (plugin === undefined) throw new Error(`no saver plugin ${saverId}`);
      const factory = await plugin.prepare(benchServers(servers));
      const saver: HostedSaver = { byVariant: new Map(), threads: new Map() };
      hosted.set(saverId, saver);
      for (const variant of variants) {
        const bench = await factory.create(variant.saverOptions);
        saver.byVariant.set(variant.id, bench);
        if (variant.leased && !hasThreadLeases(bench.saver))
          throw new Error("the saver has no acquireThreadLease");
        saver.threads.set(variant.id, new ThreadCheckpoints(`safety-${variant.id}`));
      }
    } catch (error) {
      unavailable[saverId] = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    }
  }
  return unavailable;
}

/**
 * The SDK with in-memory exporters, registered globally as an application would. Loaded only
 * here: the worker without `@opentelemetry/api` could not load it. CommonJS TypeScript
 * source: from an ES module its exports are on `default` (see ../servers/conformance-servers.ts).
 */
async function registerSdk(): Promise<Telemetry.TelemetryCapture> {
  const loaded = (await import("@checkpointkit/conformance/telemetry")) as typeof Telemetry & {
    default?: typeof Telemetry;
  };
  return (loaded.default ?? loaded).captureTelemetry();
}

/**
 * Lets every tiered saver of this process flush what earlier blocks wrote, so its flusher
 * thread's work lands in the block that caused it, not in the CPU time of the next one.
 */
async function drainTieredFlushers(): Promise<void> {
  const benches = [...hosted.values()].flatMap((saver) => [...saver.byVariant.values()]);
  await Promise.all(benches.map((bench) => bench.tiered?.flush()));
}

async function runBlock(
  saverId: string,
  variant: SafetyVariant,
  untimedSteps: number,
  steps: number,
): Promise<StepBlock> {
  const saver = hosted.get(saverId);
  if (saver === undefined) throw new Error(`${saverId} was not set up in this worker`);
  const bench = saver.byVariant.get(variant.id)!;
  const thread = saver.threads.get(variant.id)!;
  // The in-memory exporter keeps every span: emptied between blocks, as an exporter would.
  capture?.reset();
  await drainTieredFlushers();
  // Each block starts from a collected heap, so one variant's garbage is not another's pause.
  globalThis.gc?.();
  if (!variant.leased) {
    await runSafetySteps(bench, thread, channelValues, untimedSteps, (config) => config);
    const block = await runSafetySteps(bench, thread, channelValues, steps, (config) => config);
    // The SDK worker must have gone through the recording path, or it measured nothing.
    if (capture !== undefined && steps > 0 && capture.spans().length === 0)
      throw new Error("the OpenTelemetry SDK recorded no span");
    return block;
  }
  const { withThreadLease, withLeaseToken } = leaseHelpers!;
  if (!hasThreadLeases(bench.saver)) throw new Error("the saver has no acquireThreadLease");
  return await withThreadLease(
    bench.saver,
    thread.threadId,
    async (_config, lease) => {
      const addToken = (config: Parameters<typeof withLeaseToken>[0]) =>
        withLeaseToken(config, lease.token);
      await runSafetySteps(bench, thread, channelValues, untimedSteps, addToken);
      return runSafetySteps(bench, thread, channelValues, steps, addToken);
    },
    { ttlMs: LEASE_TTL_MS },
  );
}

async function dispose(): Promise<void> {
  const savers = [...hosted.values()].flatMap((saver) => [...saver.byVariant.values()]);
  hosted.clear();
  await Promise.allSettled(savers.map((bench) => bench.dispose()));
  await capture?.stop();
  capture = undefined;
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.kind) {
    case "setup": {
      const variants = SAFETY_VARIANTS.filter((variant) => request.variantIds.includes(variant.id));
      return {
        ok: true,
        kind: "setup",
        unavailable: await setup(request.saverIds, request.servers, variants),
      };
    }
    case "run": {
      const variant = SAFETY_VARIANTS.find((candidate) => candidate.id === request.variantId)!;
      const block = await runBlock(request.saverId, variant, request.untimedSteps, request.steps);
      return { ok: true, kind: "run", block };
    }
    case "dispose":
      await dispose();
      return { ok: true, kind: "dispose" };
  }
}

// One request at a time: the section waits for each answer before it sends the next.
process.on("message", (request: WorkerRequest) => {
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({
        ok: false,
        error: error instanceof Error ? error.message.split("\n")[0]! : String(error),
      } satisfies WorkerReply),
  );
});
// The section's process is gone (it ended or was cut short): leave, storage is its to clean.
process.on("disconnect", () => {
  setTimeout(() => process.exit(0), 10_000);
  void dispose().finally(() => process.exit(0));
});
