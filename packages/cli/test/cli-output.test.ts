import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli/run-cli.js";
import { captureStreams } from "./support/captured-streams.js";
import { writeOfficialThreads } from "./support/official-threads.js";
import { createPool, dropSchema, postgresUrl, uniqueName } from "./support/servers.js";

const THREAD_COUNT = 3;
let officialSchema: string;
let stateDir: string;
const targetSchemas: string[] = [];

beforeAll(async () => {
  const pool = createPool();
  officialSchema = (await writeOfficialThreads(pool, uniqueName("official"), THREAD_COUNT)).schema;
  await pool.end();
  stateDir = await mkdtemp(join(tmpdir(), "checkpointkit-cli-"));
});

afterAll(async () => {
  const pool = createPool();
  for (const schema of [officialSchema, ...targetSchemas]) await dropSchema(pool, schema);
  await pool.end();
  await rm(stateDir, { recursive: true, force: true });
});

function argsInto(targetSchema: string, ...extra: string[]): string[] {
  targetSchemas.push(targetSchema);
  return [
    "migrate",
    "--from",
    `${postgresUrl()}?schema=${officialSchema}`,
    "--to",
    postgresUrl(),
    "--to-schema",
    targetSchema,
    ...extra,
  ];
}

it("without a terminal, one plain line per thread on stderr and a summary on stdout", async () => {
  const streams = captureStreams();
  expect(await runCli(argsInto(uniqueName("ck_plain")), streams)).toBe(0);
  const lines = streams.output().split("\n");
  for (let done = 1; done <= THREAD_COUNT; done += 1) {
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${done}/${THREAD_COUNT} copied "case-\\d+" \\(\\d+ checkpoints, \\d+ writes\\)$`,
        ),
      ),
    );
  }
  expect(streams.output()).not.toContain("\r");
  expect(streams.output()).toContain(`migrated ${THREAD_COUNT} threads: ${THREAD_COUNT} copied`);
});

it("on a terminal, a redrawn bar with threads done, total and rate", async () => {
  const streams = captureStreams({}, true);
  expect(await runCli(argsInto(uniqueName("ck_tty")), streams)).toBe(0);
  expect(streams.output()).toMatch(
    new RegExp(
      `\\r\\u001b\\[K\\[#{24}\\] ${THREAD_COUNT}/${THREAD_COUNT} threads  \\d+\\.\\d threads/s\\n`,
    ),
  );
  expect(streams.output()).not.toMatch(/^\d+\/\d+ copied/m);
});

it("a state file of another migration is refused and left as it was", async () => {
  const statePath = join(stateDir, "other.jsonl");
  expect(
    await runCli(argsInto(uniqueName("ck_first"), "--state", statePath), captureStreams()),
  ).toBe(0);
  const recorded = await readFile(statePath, "utf8");
  expect(recorded.trim().split("\n")).toHaveLength(1 + THREAD_COUNT);

  const streams = captureStreams();
  const otherTarget = uniqueName("ck_second");
  expect(await runCli(argsInto(otherTarget, "--state", statePath), streams)).toBe(2);
  expect(streams.output()).toContain("InvalidConfigError");
  expect(streams.output()).toContain("use another state file");
  expect(await readFile(statePath, "utf8")).toBe(recorded);
});

it("help, a missing option, a schema without official tables, the official schema as target, and an unknown command", async () => {
  const help = captureStreams();
  expect(await runCli(["migrate", "--help"], help)).toBe(0);
  expect(help.output()).toContain("Usage: checkpointkit migrate");

  const missing = captureStreams();
  expect(await runCli(["migrate", "--from", postgresUrl()], missing)).toBe(2);
  expect(missing.output()).toContain("--to is required");

  const noSchema = captureStreams();
  const argv = ["migrate", "--from", postgresUrl(), "--from-schema", "no_such_schema"];
  expect(await runCli([...argv, "--to", postgresUrl(), "--dry-run"], noSchema)).toBe(2);
  expect(noSchema.output()).toContain(
    'no official PostgresSaver tables in schema "no_such_schema"',
  );

  const sameSchema = captureStreams();
  const official = `${postgresUrl()}?schema=${officialSchema}`;
  expect(await runCli(["migrate", "--from", official, "--to", official], sameSchema)).toBe(2);
  expect(sameSchema.output()).toContain(`names the source's own schema`);
  // Same database, but the target gets the PostgresSaver's default schema "checkpointkit".
  targetSchemas.push("checkpointkit");
  const intoDefault = ["--from", official, "--to", postgresUrl(), "--dry-run"];
  expect(await runCli(["migrate", ...intoDefault], captureStreams())).toBe(0);

  const unknown = captureStreams();
  expect(await runCli(["copy"], unknown)).toBe(2);
  expect(unknown.output()).toContain("unknown command");
});
