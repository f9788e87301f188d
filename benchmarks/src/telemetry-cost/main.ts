// Added cost per step of telemetry on RedisSaver: `@opentelemetry/api` not installed, the API
// with no SDK (its no-op tracer), and the SDK with an in-memory span exporter. Each variant
// runs in a process of its own, interleaved over several rounds; the median is reported.
// Run: pnpm --filter @checkpointkit/benchmarks exec node --import tsx src/telemetry-cost/main.ts
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { redis } from "../servers/conformance-servers.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 2000);
const VARIANTS = [
  {
    name: "not installed",
    argument: "absent",
    preload: ["--require", join(here, "hide-opentelemetry.cjs")],
  },
  { name: "API, no SDK", argument: "api", preload: [] },
  { name: "SDK, in-memory exporter", argument: "sdk", preload: [] },
] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const server = await redis();
  try {
    const results = new Map<string, number[]>(VARIANTS.map((variant) => [variant.name, []]));
    const cpuResults = new Map<string, number[]>(VARIANTS.map((variant) => [variant.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of VARIANTS) {
        const output = execFileSync(
          process.execPath,
          [
            ...variant.preload,
            "--import",
            "tsx",
            join(here, "step-loop.ts"),
            variant.argument,
            String(STEPS),
          ],
          { env: { ...process.env, BENCH_REDIS_URL: server.url }, encoding: "utf8" },
        );
        const { microsPerStep, cpuMicrosPerStep } = JSON.parse(
          output.trim().split("\n").at(-1) ?? "{}",
        ) as { microsPerStep: number; cpuMicrosPerStep: number };
        results.get(variant.name)?.push(microsPerStep);
        cpuResults.get(variant.name)?.push(cpuMicrosPerStep);
      }
    }
    process.stdout.write(
      `RedisSaver, one step = put + 2 putWrites + getTuple; ${STEPS} steps x ${ROUNDS} rounds, median\n`,
    );
    for (const [label, measured] of [
      ["client CPU per step", cpuResults],
      ["wall time per step", results],
    ] as const) {
      process.stdout.write(`${label}:\n`);
      const baseline = median(measured.get("not installed") ?? []);
      for (const variant of VARIANTS) {
        const values = measured.get(variant.name) ?? [];
        const value = median(values);
        const added = value - baseline;
        process.stdout.write(
          `  ${variant.name.padEnd(26)} ${value.toFixed(1).padStart(8)} µs  ${added >= 0 ? "+" : ""}${added.toFixed(1)} µs (${((added / baseline) * 100).toFixed(1)}%)  rounds: ${values.map((v) => v.toFixed(0)).join(" ")}\n`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

void main();
