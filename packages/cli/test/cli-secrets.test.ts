import { inspect } from "node:util";
import { runCli } from "../src/cli/run-cli.js";
import { captureStreams } from "./support/captured-streams.js";
import { runCliProcess } from "./support/cli-process.js";
import { writeOfficialThreads } from "./support/official-threads.js";
import { createPool, dropSchema, postgresUrl, redisUrl, uniqueName } from "./support/servers.js";

const FROM_SECRET = "from-Secret_7Qz";
const TO_SECRET = "to-Secret_9Wx";
const COSMOS_KEY = Buffer.from("cosmos-key-Secret_4Kp").toString("base64");

let officialSchema: string;
const targetSchema = uniqueName("ck_secret_target");

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

beforeAll(async () => {
  const pool = createPool();
  officialSchema = (await writeOfficialThreads(pool, uniqueName("official"), 2)).schema;
  await pool.end();
});

afterAll(async () => {
  const pool = createPool();
  await dropSchema(pool, officialSchema);
  await dropSchema(pool, targetSchema);
  await pool.end();
});

function expectNoSecret(output: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(output).not.toContain(secret);
    expect(output).not.toContain(encodeURIComponent(secret));
  }
}

it("a successful run prints neither the source's nor the target's password", async () => {
  const password = new URL(postgresUrl()).password;
  for (const dryRun of [true, false]) {
    const streams = captureStreams();
    const args = ["migrate", "--from", postgresUrl(), "--from-schema", officialSchema];
    args.push("--to", `${postgresUrl()}?schema=${targetSchema}`, ...(dryRun ? ["--dry-run"] : []));
    expect(await runCli(args, streams)).toBe(0);
    expect(streams.output()).toContain(dryRun ? "dry run: 2 threads" : "migrated 2 threads");
    expect(streams.output()).toContain("postgres://postgres@");
    expectNoSecret(streams.output(), [password]);
  }
});

describe("runs that fail (or nearly) name what failed without the password or key", () => {
  const cases: Array<[string, () => string[], number]> = [
    [
      "a wrong source password",
      () => ["--from", withPassword(postgresUrl(), FROM_SECRET), "--to", redisUrl()],
      2,
    ],
    [
      "a wrong target PostgreSQL password",
      () => ["--from", postgresUrl(), "--to", withPassword(postgresUrl(), TO_SECRET)],
      // The saver reports refused credentials as a configuration error.
      2,
    ],
    [
      // ioredis only warns when a server without AUTH gets a password: the run succeeds.
      "a Redis password the server does not expect",
      () => [
        ...["--from", postgresUrl(), "--to", withPassword(redisUrl(), TO_SECRET)],
        ...["--to-key-prefix", `${uniqueName("ck-cli")}:`],
      ],
      0,
    ],
    [
      "an unreachable source",
      () => ["--from", `postgres://app:${FROM_SECRET}@127.0.0.1:1/db`, "--to", redisUrl()],
      1,
    ],
    [
      "a URL that does not parse",
      () => ["--from", `postgres://app:${FROM_SECRET}@host:99999999/db`, "--to", redisUrl()],
      2,
    ],
    [
      "a URL of the wrong kind",
      () => ["--from", postgresUrl(), "--to", `mysql://app:${TO_SECRET}@127.0.0.1/db`],
      2,
    ],
    [
      "a stray argument holding a URL",
      () => ["--from", postgresUrl(), "--to", redisUrl(), `postgres://app:${FROM_SECRET}@h/db`],
      2,
    ],
    [
      "an unreachable Cosmos DB account",
      () => [
        "--from",
        postgresUrl(),
        "--to",
        "cosmos",
        "--cosmos-endpoint",
        "https://127.0.0.1:1",
        "--cosmos-key",
        COSMOS_KEY,
        "--cosmos-database",
        "db",
        "--cosmos-container",
        "threads",
      ],
      1,
    ],
  ];

  it.each(cases)("%s", async (_name, args, exitCode) => {
    const streams = captureStreams();
    const argv = ["migrate", ...args(), "--from-schema", officialSchema];
    expect(await runCli(argv, streams)).toBe(exitCode);
    if (exitCode !== 0) expect(streams.output()).toMatch(/^checkpointkit migrate: \w+Error: /m);
    expectNoSecret(streams.output(), [FROM_SECRET, TO_SECRET, COSMOS_KEY]);
  });
});

it("as a process, a failed run's stdout and stderr hold no password", async () => {
  const run = await runCliProcess([
    "migrate",
    "--from",
    withPassword(postgresUrl(), FROM_SECRET),
    "--to",
    withPassword(redisUrl(), TO_SECRET),
  ]);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toContain(
    "checkpointkit migrate: InvalidConfigError: the source database refused",
  );
  expectNoSecret(run.stdout + run.stderr, [FROM_SECRET, TO_SECRET]);
  expectNoSecret(inspect(run), [FROM_SECRET, TO_SECRET]);
});
