// One variant of the telemetry cost benchmark, in a process of its own (see main.ts).
import type * as Telemetry from "@checkpointkit/conformance/telemetry";
import { RedisSaver } from "@checkpointkit/redis";
import { Redis } from "ioredis";

const variant = process.argv[2] ?? "api";
const steps = Number(process.argv[3] ?? 2000);
const url = process.env.BENCH_REDIS_URL ?? "";

/** One graph step as the saver sees it: a checkpoint, two tasks' writes, the next read. */
async function step(saver: RedisSaver, threadId: string, index: number): Promise<void> {
  const id = `1f0c0000-0000-6000-8000-${String(index).padStart(12, "0")}`;
  const config = await saver.put(
    { configurable: { thread_id: threadId, checkpoint_ns: "" } },
    {
      v: 4,
      id,
      ts: new Date().toISOString(),
      channel_values: { messages: [`message ${index}`], step: index },
      channel_versions: { messages: index + 1, step: index + 1 },
      versions_seen: {},
    },
    { source: "loop", step: index, parents: {} },
    { messages: index + 1, step: index + 1 },
  );
  await saver.putWrites(config, [["messages", `reply ${index}`]], "task-a");
  await saver.putWrites(config, [["step", index + 1]], "task-b");
  await saver.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: "" } });
}

/**
 * The SDK with an in-memory exporter, loaded only for that variant (the "not installed" one
 * cannot load it). CommonJS TypeScript source: from an ES module its exports are on `default`
 * (see ../servers/conformance-servers.ts).
 */
async function startSdk(): Promise<Telemetry.TelemetryCapture> {
  const loaded = (await import("@checkpointkit/conformance/telemetry")) as typeof Telemetry & {
    default?: typeof Telemetry;
  };
  return (loaded.default ?? loaded).captureTelemetry();
}

async function main(): Promise<void> {
  const capture = variant === "sdk" ? await startSdk() : undefined;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  const saver = new RedisSaver({ client, keyPrefix: `bench-otel-${variant}-${process.pid}:` });
  for (let index = 0; index < 200; index += 1) await step(saver, "warm-up", index);
  capture?.reset();
  const startedAt = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < steps; index += 1) {
    await step(saver, `thread-${index % 50}`, index);
    // The in-memory exporter keeps every span: emptied now and then, as an exporter would.
    if (index % 500 === 499) capture?.reset();
  }
  const elapsedNs = Number(process.hrtime.bigint() - startedAt);
  // This process's CPU (user + system): what telemetry adds, without the waits on a shared
  // machine's Redis that make wall time noisy.
  const cpu = process.cpuUsage(cpuBefore);
  await client.quit();
  await capture?.stop();
  process.stdout.write(
    `${JSON.stringify({
      variant,
      microsPerStep: elapsedNs / 1000 / steps,
      cpuMicrosPerStep: (cpu.user + cpu.system) / steps,
    })}\n`,
  );
}

void main();
