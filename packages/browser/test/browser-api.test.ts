import {
  type CheckpointDetail,
  type RunningBrowser,
  startBrowser,
  type ThreadCatalogPage,
  type ThreadIndex,
  type TimelinePage,
} from "../src/index.js";
import { TEST_SAVERS, type TestSaver } from "./support/browser-savers.js";
import { getJson, httpGet } from "./support/http-get.js";
import { type SupportThreads, writeSupportThreads } from "./support/support-threads.js";

describe.each(TEST_SAVERS)("the browser's JSON API over %s", (_name, openSaver) => {
  let opened: TestSaver;
  let threads: SupportThreads;
  let browser: RunningBrowser;

  beforeAll(async () => {
    opened = await openSaver();
    threads = await writeSupportThreads(opened.saver);
    browser = await startBrowser({ saver: opened.saver });
  });

  afterAll(async () => {
    await browser?.close();
    await opened?.close();
  });

  const timeline = (thread: string, query: Record<string, string> = {}) =>
    getJson<TimelinePage>(browser.url, "/api/thread", { thread, ...query });

  it("lists the threads newest first from listThreads, with counts and stored sizes; searchable by id prefix and metadata", async () => {
    const all = await getJson<ThreadCatalogPage>(browser.url, "/api/threads");
    expect(all.source).toBe("listThreads");
    expect(all.threads.map((thread) => [thread.threadId, thread.checkpointCount])).toEqual([
      [threads.hostile, 5],
      [threads.interrupted, 5],
      [threads.forked, 8],
    ]);
    expect(all.nextCursor).toBeNull();
    for (const thread of all.threads) {
      expect(thread.storedBytes).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(thread.updatedAt))).toBe(false);
    }

    const byPrefix = await getJson<ThreadCatalogPage>(browser.url, "/api/threads", {
      q: "case_9107-",
    });
    expect(byPrefix.threads.map((thread) => thread.threadId)).toEqual([threads.interrupted]);
    // Metadata search keeps the scan of `list`. `step=4` is the number 4: only the forked
    // thread (5 supersteps) reached it.
    const byMetadata = await getJson<ThreadIndex>(browser.url, "/api/threads", { meta: "step=4" });
    expect(byMetadata.source).toBe("scan");
    expect(byMetadata.threads.map((thread) => thread.threadId)).toEqual([threads.forked]);
    expect(byMetadata.threads[0]).toMatchObject({ latestStep: 4, namespaces: [""] });
  });

  it("draws case_8842 as a timeline: steps, sources, nodes and the fork from before policy", async () => {
    const page = await timeline(threads.forked);
    expect(page.olderThan).toBeUndefined();
    const rows = page.entries.map((entry) => [entry.step, entry.source, entry.writers]);
    expect(rows).toEqual([
      [4, "loop", ["response"]],
      [3, "loop", ["policy"]],
      [2, "update", []],
      [3, "loop", ["response"]],
      [2, "loop", ["policy"]],
      [1, "loop", ["account", "billing"]],
      [0, "loop", ["__start__"]],
      [-1, "input", []],
    ]);
    const [, , update, , originalPolicy, beforePolicy] = page.entries;
    // Both the original policy step and the update hang off the checkpoint before policy.
    expect(update?.parentCheckpointId).toBe(beforePolicy?.checkpointId);
    expect(originalPolicy?.parentCheckpointId).toBe(beforePolicy?.checkpointId);
    expect(update?.channelsWritten).toEqual(["billingResult"]);
    expect(beforePolicy?.channelsWritten).toEqual(
      expect.arrayContaining(["accountResult", "billingResult", "messages"]),
    );
  });

  it("marks the interrupt of case_9107 and its resume on the checkpoint policy paused at", async () => {
    const page = await timeline(threads.interrupted);
    const paused = page.entries.filter((entry) => entry.interrupts.length > 0);
    expect(paused.map((entry) => entry.step)).toEqual([1]);
    expect(paused[0]?.resumed).toBe(true);
    // Named from its task id: LangGraph derives it from the checkpoint, step and node.
    expect(paused[0]?.interruptedNodes).toEqual(["policy"]);
    expect(paused[0]?.interrupts[0]).toMatchObject({
      value: { kind: "refund-approval", question: "Refund $749.00 for duplicate txn_201?" },
    });
  });

  it("pages a timeline with `before`, older pages continuing where the newer one stopped", async () => {
    const whole = (await timeline(threads.forked)).entries.map((entry) => entry.checkpointId);
    const first = await timeline(threads.forked, { limit: "3" });
    expect(first.entries.map((entry) => entry.checkpointId)).toEqual(whole.slice(0, 3));
    expect(first.olderThan).toBe(whole[2]);
    const second = await timeline(threads.forked, { limit: "3", before: first.olderThan! });
    expect(second.entries.map((entry) => entry.checkpointId)).toEqual(whole.slice(3, 6));
    const third = await timeline(threads.forked, { limit: "3", before: second.olderThan! });
    expect(third.entries.map((entry) => entry.checkpointId)).toEqual(whole.slice(6));
    expect(third.olderThan).toBeUndefined();
    // A row whose parent is on the next page still names its node(s).
    expect(first.entries[2]?.writers).toEqual([]);
    expect(second.entries[2]?.writers).toEqual(["account", "billing"]);
  });

  it("shows a checkpoint's channels, messages, pending writes by task and diff against its parent", async () => {
    const page = await timeline(threads.interrupted);
    const paused = page.entries.find((entry) => entry.interrupts.length > 0)!;
    const detail = await getJson<CheckpointDetail>(browser.url, "/api/checkpoint", {
      thread: threads.interrupted,
      ns: "",
      id: paused.checkpointId,
    });
    expect(detail.parentCheckpointId).toBe(paused.parentCheckpointId);
    expect(detail.writers).toEqual(["account", "billing"]);
    const messages = detail.channels.find((channel) => channel.channel === "messages");
    expect(messages?.value).toEqual([
      expect.objectContaining({
        $message: "human",
        content: expect.stringContaining("$749 twice"),
      }),
      expect.objectContaining({ $message: "ai", name: "account" }),
      expect.objectContaining({ $message: "ai", name: "billing" }),
    ]);
    const written = detail.pendingWrites.flatMap((task) =>
      task.writes.map((write) => write.channel),
    );
    expect(written).toEqual(expect.arrayContaining(["__interrupt__", "__resume__"]));
    const interruptTask = detail.pendingWrites.find((task) =>
      task.writes.some((write) => write.channel === "__interrupt__"),
    );
    expect(interruptTask?.node).toBe("policy");
    // LangGraph writes the resume values of a task as a list.
    expect(interruptTask?.writes.find((write) => write.channel === "__resume__")?.value).toEqual([
      { approved: true, approver: "dana.ops", note: "verified" },
    ]);
    const changed = detail.changes.map((change) => change.channel);
    expect(changed).toEqual(expect.arrayContaining(["accountResult", "billingResult", "messages"]));
    expect(changed).not.toContain("customerId");
    const billing = detail.changes.find((change) => change.channel === "billingResult");
    expect(billing).toMatchObject({ change: "added", before: null });
    // The size the put of this checkpoint recorded: the channels account and billing wrote.
    if (detail.storedSize?.state !== "recorded") throw new Error("no recorded size");
    const sized = detail.storedSize.channels.map((channel) => channel.channel);
    expect(sized).toEqual(expect.arrayContaining(["accountResult", "billingResult", "messages"]));
    expect(sized).not.toContain("customerId");
    expect(detail.storedSize.storedBytes).toBe(
      detail.storedSize.channels.reduce(
        (sum, channel) => sum + channel.storedBytes,
        detail.storedSize.overheadBytes,
      ),
    );
  });

  it("round-trips a hostile thread id through the API", async () => {
    const page = await timeline(threads.hostile);
    expect(page.threadId).toBe(threads.hostile);
    expect(page.entries).toHaveLength(5);
    const detail = await getJson<CheckpointDetail>(browser.url, "/api/checkpoint", {
      thread: threads.hostile,
      ns: "",
      id: page.entries[0]!.checkpointId,
    });
    expect(detail.threadId).toBe(threads.hostile);
  });

  it("answers unknown checkpoints with 404 and a missing thread parameter with 400", async () => {
    const missing = await httpGet(
      `${browser.url}api/checkpoint?thread=${encodeURIComponent(threads.forked)}&id=nope`,
    );
    expect(missing.status).toBe(404);
    expect((await httpGet(`${browser.url}api/thread`)).status).toBe(400);
    expect((await httpGet(`${browser.url}thread?thread=x&limit=-1`)).status).toBe(400);
  });
});
