import { runBrowseCli } from "../src/index.js";
import { openRedisTestSaver } from "./support/browser-savers.js";
import { getJson } from "./support/http-get.js";

function captured() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe("checkpointkit-browse", () => {
  it("serves the threads of --redis until stopped, without printing the URL's password", async () => {
    // A thread for the page to show, written through a saver of its own.
    const writer = await openRedisTestSaver();
    const redisUrl = new URL(process.env.REDIS_URL!);
    try {
      await writer.saver.put(
        { configurable: { thread_id: "cli-thread", checkpoint_ns: "" } },
        {
          v: 4,
          id: "1f1f0000-0000-6000-8000-00000000000a",
          ts: "2026-01-01T00:00:00.000Z",
          channel_values: {},
          channel_versions: {},
          versions_seen: {},
        },
        { source: "input", step: -1, parents: {} },
        {},
      );
      const stdout = captured();
      const stderr = captured();
      const stop = new AbortController();
      let url = "";
      const exited = runBrowseCli(
        ["--redis", redisUrl.toString(), "--key-prefix", writer.keyPrefix],
        {
          stdout,
          stderr,
          env: {},
          signal: stop.signal,
          onListening: (listening) => {
            url = listening;
          },
        },
      );
      await waitFor(() => url !== "");
      const threads = await getJson<{ threads: { threadId: string }[] }>(url, "/api/threads");
      expect(threads.threads.map((thread) => thread.threadId)).toEqual(["cli-thread"]);
      stop.abort();
      expect(await exited).toBe(0);
      expect(stdout.text()).toBe(`checkpoint browser: ${url}\n`);
      expect(stderr.text()).toContain("(read-only)");
    } finally {
      await writer.close();
    }
  });

  it("never prints a password or key, also when it refuses the command line", async () => {
    const stdout = captured();
    const stderr = captured();
    const signal = AbortSignal.abort();
    const code = await runBrowseCli(
      ["--redis", "redis://:s3cret-pw@127.0.0.1:1", "--postgres", "postgres://u:s3cret-pw@h/db"],
      { stdout, stderr, env: {}, signal },
    );
    expect(code).toBe(2);
    expect(stderr.text()).toContain("name one saver");
    const cosmos = await runBrowseCli(["--cosmos-endpoint", "https://acct.example:8081/"], {
      stdout,
      stderr,
      env: { COSMOS_KEY: "s3cret-key" },
      signal,
    });
    expect(cosmos).toBe(2);
    expect(stderr.text()).toContain("--database");
    const opened = await runBrowseCli(["--redis", "redis://:s3cret-pw@127.0.0.1:1"], {
      stdout,
      stderr,
      env: {},
      signal,
    });
    expect(opened).toBe(0);
    expect(stderr.text()).toContain("reading redis://127.0.0.1:1");
    expect(`${stdout.text()}${stderr.text()}`).not.toContain("s3cret");
  });

  it("prints its usage for --help and exits 2 on an unknown option", async () => {
    const stdout = captured();
    const stderr = captured();
    const signal = AbortSignal.abort();
    expect(await runBrowseCli(["--help"], { stdout, stderr, env: {}, signal })).toBe(0);
    expect(stdout.text()).toContain("Usage: checkpointkit-browse");
    expect(await runBrowseCli(["--bogus"], { stdout, stderr, env: {}, signal })).toBe(2);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!condition()) throw new Error("the CLI did not start listening");
}
