import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FaultProxy, startFaultProxy } from "@checkpointkit/conformance/servers";
import { PostgresSaver } from "@checkpointkit/postgres";
import pg from "pg";
import { migrateThreads, OfficialPostgresSource, readThreadTuples } from "../src/index.js";
import { runCliProcess } from "./support/cli-process.js";
import { type OfficialThreads, writeOfficialThreads } from "./support/official-threads.js";
import {
  createPool,
  dropSchema,
  migrateFromOfficial,
  postgresUrl,
  uniqueName,
} from "./support/servers.js";
import { schemaRows } from "./support/stored-state.js";
import { threadDifferences } from "./support/thread-differences.js";

const THREAD_COUNT = 16;
/** Threads the first run reports before it is killed. */
const THREADS_BEFORE_KILL = 3;
/**
 * Latency the target connection gets during the first run, per direction: each thread then
 * takes a good fraction of a second, so the kill lands long before the run could finish.
 */
const FIRST_RUN_LATENCY_MS = 10;

let pool: pg.Pool;
let official: OfficialThreads;
let stateDir: string;
let targetProxy: FaultProxy;
const targetSchema = uniqueName("ck_killed");
const referenceSchema = uniqueName("ck_reference");

beforeAll(async () => {
  pool = createPool();
  official = await writeOfficialThreads(pool, uniqueName("official"), THREAD_COUNT);
  stateDir = await mkdtemp(join(tmpdir(), "checkpointkit-migrate-"));
  targetProxy = await startFaultProxy({
    targetUrl: postgresUrl(),
    initialLatencyMs: FIRST_RUN_LATENCY_MS,
  });
}, 120_000);

afterAll(async () => {
  for (const schema of [official.schema, targetSchema, referenceSchema]) {
    await dropSchema(pool, schema);
  }
  await pool.end();
  await targetProxy.close();
  await rm(stateDir, { recursive: true, force: true });
});

function migrateArgs(): string[] {
  return migrateFromOfficial(
    official.schema,
    ...["--to", targetProxy.url, "--to-schema", targetSchema],
    ...["--state", join(stateDir, "state.jsonl")],
  );
}

async function threadsInTarget(): Promise<number> {
  const result = await pool.query<{ count: string }>(
    `SELECT count(DISTINCT thread_id) AS count FROM ${pg.escapeIdentifier(targetSchema)}.checkpoints`,
  );
  return Number(result.rows[0]?.count);
}

it("killed with SIGKILL mid-run, a second run finishes, and the result equals an uninterrupted migration", async () => {
  const password = new URL(postgresUrl()).password;
  expect(password.length).toBeGreaterThan(0);

  const killed = await runCliProcess(migrateArgs(), (line, child) => {
    if (!line.startsWith(`${THREADS_BEFORE_KILL}/${THREAD_COUNT} `)) return;
    // Nothing the child sends from here on reaches the target: it dies wherever it is.
    targetProxy.blackhole(true);
    child.kill("SIGKILL");
  });
  // The whole run in the assertion: on a failure its stderr says why the child ended.
  expect(killed).toMatchObject({ signal: "SIGKILL" });
  const copiedBeforeKill = await threadsInTarget();
  expect(copiedBeforeKill).toBeGreaterThanOrEqual(THREADS_BEFORE_KILL);
  expect(copiedBeforeKill).toBeLessThan(THREAD_COUNT);
  await targetProxy.heal();

  const resumed = await runCliProcess(migrateArgs());
  expect(resumed).toMatchObject({ exitCode: 0, signal: null });
  const skipped = Number(/(\d+) completed by an earlier run/.exec(resumed.stdout)?.[1]);
  expect(skipped).toBeGreaterThanOrEqual(THREADS_BEFORE_KILL);
  expect(resumed.stdout).toContain(`migrated ${THREAD_COUNT} threads`);

  // The same source migrated in one go, in-process, is the reference.
  const source = new OfficialPostgresSource({ pool, schema: official.schema });
  const migrated = new PostgresSaver({ pool, schema: targetSchema });
  const reference = new PostgresSaver({ pool, schema: referenceSchema });
  await reference.setup();
  await migrateThreads({ source, target: reference });
  for (const threadId of official.threadIds) {
    expect(await threadDifferences(source, migrated, threadId)).toEqual([]);
    expect(await readThreadTuples(migrated, threadId)).toEqual(
      await readThreadTuples(reference, threadId),
    );
  }

  // A third run finds everything done and changes nothing.
  const before = await schemaRows(pool, targetSchema);
  const third = await runCliProcess(migrateArgs());
  expect(third).toMatchObject({ exitCode: 0 });
  expect(third.stdout).toContain(`0 copied`);
  expect(await schemaRows(pool, targetSchema)).toEqual(before);

  for (const run of [killed, resumed, third]) {
    expect(run.stdout + run.stderr).not.toContain(password);
  }
}, 120_000);
