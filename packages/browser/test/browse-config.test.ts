import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBrowseCli } from "../src/index.js";
import { openRedisTestSaver } from "./support/browser-savers.js";
import { startBuiltBin } from "./support/built-bin.js";
import { getJson } from "./support/http-get.js";
import { capturedStream, servedByCli } from "./support/served-by-cli.js";

const CHECKPOINT = {
  v: 4,
  id: "1f1f0000-0000-6000-8000-00000000000b",
  ts: "2026-01-01T00:00:00.000Z",
  channel_values: {},
  channel_versions: {},
  versions_seen: {},
};

type Threads = { threads: { threadId: string }[] };

describe("checkpointkit-browse --config", () => {
  let directory: string;
  let writer: Awaited<ReturnType<typeof openRedisTestSaver>>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "browse-config-"));
    writer = await openRedisTestSaver();
    await writer.saver.put(
      { configurable: { thread_id: "config-thread", checkpoint_ns: "" } },
      CHECKPOINT,
      { source: "input", step: -1, parents: {} },
      {},
    );
  });

  afterAll(async () => {
    await writer?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const configFile = async (name: string, contents: string) => {
    const path = join(directory, name);
    await writeFile(path, contents);
    return path;
  };

  it("reads the saver from a JSON file, the URL from the environment, and lets flags override it", async () => {
    const path = await configFile(
      "redis.json",
      JSON.stringify({
        redis: { url: { env: "BROWSE_REDIS_URL" }, keyPrefix: "not-the-test-prefix:" },
        host: "127.0.0.1",
      }),
    );
    const env = { BROWSE_REDIS_URL: process.env.REDIS_URL! };
    const fromFile = await servedByCli(runBrowseCli, ["--config", path], env);
    try {
      // The file's own prefix holds no thread.
      expect((await getJson<Threads>(fromFile.url, "/api/threads")).threads).toEqual([]);
    } finally {
      expect(await fromFile.stop()).toBe(0);
    }
    const overridden = await servedByCli(
      runBrowseCli,
      ["--config", path, "--key-prefix", writer.keyPrefix],
      env,
    );
    try {
      const threads = await getJson<Threads>(overridden.url, "/api/threads");
      expect(threads.threads.map((thread) => thread.threadId)).toEqual(["config-thread"]);
    } finally {
      expect(await overridden.stop()).toBe(0);
    }
    expect(overridden.stderr()).toContain(`prefix ${writer.keyPrefix}`);
  });

  describe("a file it cannot act on", () => {
    let decoy: Server;
    let decoyUrl: string;
    let connections = 0;

    beforeAll(async () => {
      // Stands where a refused file's Redis URL points: nothing may connect to it.
      decoy = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => decoy.listen(0, "127.0.0.1", resolve));
      const address = decoy.address() as { port: number };
      decoyUrl = `redis://:s3cret-pw@127.0.0.1:${address.port}`;
    });

    afterAll(() => new Promise<void>((resolve) => decoy.close(() => resolve())));

    const refused = async (contents: string, env: NodeJS.ProcessEnv = {}, name = "bad.json") => {
      const path = await configFile(name, contents.replaceAll("DECOY", decoyUrl));
      const stdout = capturedStream();
      const stderr = capturedStream();
      const code = await runBrowseCli(["--config", path], {
        stdout,
        stderr,
        env,
        signal: AbortSignal.abort(),
      });
      expect(code).toBe(2);
      expect(`${stdout.text()}${stderr.text()}`).not.toContain("s3cret");
      return stderr.text().replace(path, "<file>");
    };

    it("says which file and which field, never a value, and opens nothing", async () => {
      expect(await refused('{ "redis": { "url": "DECOY", "password": "s3cret" } }')).toContain(
        "<file>: redis.password is not a known field",
      );
      expect(
        await refused('{ "redis": { "url": "DECOY" }, "postgres": { "url": "x" } }'),
      ).toContain("name one saver");
      expect(await refused('{ "redis": { "url": { "env": "NOT_SET_ANYWHERE" } } }')).toContain(
        "<file>: redis.url names the environment variable NOT_SET_ANYWHERE, which is not set",
      );
      expect(
        await refused(
          '{ "tiered": { "redis": { "url": "DECOY" }, "postgres": { "url": "http://u:s3cret@db/app" } } }',
        ),
      ).toContain("<file>: tiered.postgres.url must start with postgres:// or postgresql://");
      expect(
        await refused('{ "tiered": { "postgres": { "url": "postgres://db/app" } } }'),
      ).toContain("<file>: tiered.redis is required");
      expect(await refused('{ "redis": { "url": "DECOY" }, "port": "http" }')).toContain(
        "<file>: port must be an integer from 0 to 65535",
      );
      expect(await refused('{ "redis": { "url": "DECOY", "keyPrefix": ["a"] } }')).toContain(
        '<file>: redis.keyPrefix must be a string, a number or { "env": "NAME" }',
      );
      expect(await refused('{ "redis": { "url": "DECOY" ')).toContain("<file> is not valid JSON");
      expect(await refused("s3cret", {}, "settings.yaml")).toContain(
        "<file> must be a .json, .js or .mjs file",
      );
      expect(connections).toBe(0);
    });

    it("says a file is missing, and a module config it cannot load by the error's name only", async () => {
      const stderr = capturedStream();
      const missing = join(directory, "nowhere.json");
      const code = await runBrowseCli(["--config", missing], {
        stdout: capturedStream(),
        stderr,
        env: {},
        signal: AbortSignal.abort(),
      });
      expect(code).toBe(2);
      expect(stderr.text()).toContain(`${missing} does not exist`);
      const broken = await refused('export default { redis: { url: "s3cret" ', {}, "broken.mjs");
      expect(broken).toMatch(/<file> could not be loaded \(\w+\)/);
    });
  });

  it("loads a .mjs module's default export in the built bin", async () => {
    const path = await configFile(
      "browse.config.mjs",
      `export default {
  redis: { url: process.env.BROWSE_REDIS_URL, keyPrefix: ${JSON.stringify(writer.keyPrefix)} },
};
`,
    );
    const bin = await startBuiltBin(["--config", path], {
      BROWSE_REDIS_URL: process.env.REDIS_URL!,
    });
    try {
      const threads = await getJson<Threads>(bin.url, "/api/threads");
      expect(threads.threads.map((thread) => thread.threadId)).toEqual(["config-thread"]);
    } finally {
      expect(await bin.stop()).toBe(0);
    }
  });
});
