import { browseHint, browseHintLines } from "../src/cli/browse-command.js";

describe("the browse command the demo ends with", () => {
  const environment = { ...process.env };
  afterEach(() => {
    process.env = { ...environment };
  });

  it("names the run's storage without its password, for every saver but memory", () => {
    delete process.env.REDIS_URL;
    process.env.POSTGRES_URL = "postgres://app:pw@db/app";
    expect(
      browseHint("redis", { url: "redis://:s3cret@127.0.0.1:6390", keyPrefix: "support-graph:" }),
    ).toEqual({
      command: "pnpm browse --redis redis://127.0.0.1:6390 --key-prefix support-graph:",
      outlivesDemo: false,
    });
    expect(
      browseHint("postgres", { url: "postgres://app:s3cret@db:5432/app", schema: "support_graph" }),
    ).toEqual({
      command: "pnpm browse --postgres postgres://app@db:5432/app --schema support_graph",
      outlivesDemo: true,
    });
    const tiered = browseHint("tiered", {
      redisUrl: "redis://127.0.0.1:1",
      keyPrefix: "support-graph-tiered-cosmos:",
      coldTier: "cosmos",
      cosmos: {
        endpoint: "https://acct:443/",
        key: "s3cret",
        databaseId: "support-graph",
        containerId: "checkpoints",
      },
    });
    expect(tiered?.command).toBe(
      "COSMOS_KEY=... pnpm browse --cosmos-endpoint https://acct:443/ --database support-graph --container checkpoints",
    );
    expect(JSON.stringify(tiered)).not.toContain("s3cret");
    expect(browseHint("memory", { transport: "ipc" })).toBeUndefined();
  });

  it("quotes what a shell would split, and says when the servers are gone", () => {
    const hint = browseHint("postgres", { url: "postgres://db/app", schema: "it's here" });
    expect(hint?.command).toBe(`pnpm browse --postgres postgres://db/app --schema 'it'\\''s here'`);
    const lines = browseHintLines({ command: "pnpm browse x", outlivesDemo: false }, "run1");
    expect(lines[0]).toBe("browse this run (search for run1): pnpm browse x");
    expect(lines[1]).toContain("the demo stopped the servers it started");
    expect(browseHintLines(undefined, "run1")).toEqual([]);
  });
});
