import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import {
  type RunningBrowser,
  startBrowser,
  type ThreadCatalogPage,
  type ThreadIndex,
} from "../src/index.js";
import { CatalogMemorySaver } from "./support/catalog-memory-saver.js";
import { getJson, httpGet } from "./support/http-get.js";
import { type SupportThreads, writeSupportThreads } from "./support/support-threads.js";

/** The test saver, counting the global `list` calls the thread list would make for a scan. */
class CountingCatalogSaver extends CatalogMemorySaver {
  listCalls = 0;

  override async *list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple> {
    this.listCalls += 1;
    yield* super.list(config, options);
  }
}

/**
 * The thread list over a saver with `listThreads` (core's ThreadCatalog): a MemorySaver that
 * records counts and sizes at `put`, filled by the real support graph. The real savers run
 * the same pages in browser-api.test.ts and redis-thread-listing.test.ts.
 */
describe("the thread list over a saver with listThreads", () => {
  let saver: CountingCatalogSaver;
  let threads: SupportThreads;
  let browser: RunningBrowser;

  beforeAll(async () => {
    saver = new CountingCatalogSaver();
    threads = await writeSupportThreads(saver);
    browser = await startBrowser({ saver });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const threadList = (query: Record<string, string> = {}) =>
    getJson<ThreadCatalogPage>(browser.url, "/api/threads", query);

  it("lists threads most recently written first with their count, stored size and last write, from one listThreads call", async () => {
    saver.listCalls = 0;
    saver.listThreadsCalls = 0;
    const page = await threadList();
    expect(page.source).toBe("listThreads");
    expect(page.threads).toEqual(
      [threads.hostile, threads.interrupted, threads.forked].map((threadId) => ({
        threadId,
        ...saver.threadRecords.get(threadId),
      })),
    );
    expect(page.threads.map((thread) => thread.checkpointCount)).toEqual([5, 5, 8]);
    expect(page.nextCursor).toBeNull();
    expect({ list: saver.listCalls, listThreads: saver.listThreadsCalls }).toEqual({
      list: 0,
      listThreads: 1,
    });
  });

  it("pages with the saver's cursor through the 'older threads' link, keeping the page size", async () => {
    const first = await threadList({ limit: "2" });
    expect(first.threads.map((thread) => thread.threadId)).toEqual([
      threads.hostile,
      threads.interrupted,
    ]);
    expect(first.nextCursor).not.toBeNull();
    const html = await httpGet(`${browser.url}?limit=2`);
    const link = /<a class="older-threads" href="([^"]+)">older threads →<\/a>/.exec(html.body);
    expect(link).not.toBeNull();
    const href = link![1]!.replaceAll("&amp;", "&");
    expect(new URL(href, browser.url).searchParams.get("cursor")).toBe(first.nextCursor);
    expect(new URL(href, browser.url).searchParams.get("limit")).toBe("2");
    const older = await httpGet(new URL(href, browser.url).toString());
    expect(older.body).toContain(`>${threads.forked}</a>`);
    expect(older.body).not.toContain(`>${threads.interrupted}</a>`);
    expect(older.body).not.toContain("older threads");
  });

  it("searches by id prefix with the saver's threadIdPrefix", async () => {
    const page = await threadList({ q: "case_9107-" });
    expect(page.source).toBe("listThreads");
    expect(page.threads.map((thread) => thread.threadId)).toEqual([threads.interrupted]);
    const hostilePrefix = threads.hostile.slice(0, 30);
    const byHostilePrefix = await threadList({ q: hostilePrefix });
    expect(byHostilePrefix.threads.map((thread) => thread.threadId)).toEqual([threads.hostile]);
  });

  it("keeps the scan for a metadata search, and says so on the page", async () => {
    saver.listCalls = 0;
    const index = await getJson<ThreadIndex>(browser.url, "/api/threads", { meta: "step=4" });
    expect(index.source).toBe("scan");
    expect(index.threads.map((thread) => thread.threadId)).toEqual([threads.forked]);
    expect(saver.listCalls).toBe(1);
    const page = await httpGet(`${browser.url}?meta=step%3D4`);
    expect(page.body).toContain('class="notice scan-notice"');
    expect(page.body).toContain("cannot filter by metadata");
  });

  it("refuses a forged cursor with 400 and the saver's typed error, on the page and in JSON", async () => {
    const json = await httpGet(`${browser.url}api/threads?cursor=${encodeURIComponent("!!")}`);
    expect(json.status).toBe(400);
    expect(JSON.parse(json.body).error).toBe(
      "InvalidConfigError: listThreads cursor is not one this saver returned",
    );
    const page = await httpGet(`${browser.url}?cursor=${encodeURIComponent("<b>x</b>")}`);
    expect(page.status).toBe(400);
    expect(page.body).not.toContain("<b>x");
    expect((await httpGet(`${browser.url}api/threads?limit=0`)).status).toBe(400);
  });

  it("shows size human readable with the exact bytes in a title, and the hostile id as text", async () => {
    const page = await httpGet(browser.url);
    const forked = saver.threadRecords.get(threads.forked)!;
    expect(page.body).toContain(
      `<td class="size"><span class="bytes" title="${forked.storedBytes.toLocaleString("en-US")} bytes">`,
    );
    expect(page.body).toMatch(/<td class="size"><span class="bytes" [^>]*>\d+(\.\d)? k?B<\/span>/);
    expect(page.body).toContain(`<td class="count">8</td>`);
    expect(page.body).not.toContain("<script");
    expect(page.body).not.toContain("\u202e");
    expect(page.body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});
