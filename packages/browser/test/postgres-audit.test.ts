import type { AuditPage } from "../src/index.js";
import { type RunningBrowser, startBrowser } from "../src/index.js";
import {
  openPostgresTestSaver,
  openRedisTestSaver,
  type TestSaver,
} from "./support/browser-savers.js";
import { getJson, httpGet } from "./support/http-get.js";
import { type SupportThreads, writeSupportThreads } from "./support/support-threads.js";

describe("the audit trail of a PostgresSaver thread", () => {
  let opened: TestSaver;
  let threads: SupportThreads;
  let browser: RunningBrowser;

  beforeAll(async () => {
    opened = await openPostgresTestSaver();
    threads = await writeSupportThreads(opened.saver);
    browser = await startBrowser({ saver: opened.saver });
  });

  afterAll(async () => {
    await browser?.close();
    await opened?.close();
  });

  const audit = (thread: string, query: Record<string, string> = {}) =>
    getJson<AuditPage>(browser.url, "/api/audit", { thread, ...query });

  it("lists every write step by step with the node that wrote it, interrupt and resume included", async () => {
    const page = await audit(threads.interrupted);
    const written = page.rows.map((row) => [row.step, row.node, row.channel]);
    expect(written).toEqual(
      expect.arrayContaining([
        // A write's step is the step of the checkpoint its task ran on, plus one.
        [1, "billing", "billingResult"],
        [1, "account", "accountResult"],
        [2, "policy", "__interrupt__"],
        // The Command({ resume }) value, written outside any task.
        [2, null, "__resume__"],
        [2, "policy", "policyDecision"],
        [3, "response", "finalResponse"],
      ]),
    );
    const decision = page.rows.find((row) => row.channel === "policyDecision");
    expect(decision?.value).toMatchObject({ action: "refund", approvedBy: "dana.ops" });
    expect(page.nextOffset).toBeUndefined();
  });

  it("pages with offset, and links the page from the timeline", async () => {
    const whole = await audit(threads.forked);
    const first = await audit(threads.forked, { limit: "5" });
    expect(first.rows).toEqual(whole.rows.slice(0, 5));
    expect(first.nextOffset).toBe(5);
    const second = await audit(threads.forked, { limit: "5", offset: "5" });
    expect(second.rows).toEqual(whole.rows.slice(5, 10));
    const timeline = await httpGet(
      `${browser.url}thread?thread=${encodeURIComponent(threads.forked)}`,
    );
    expect(timeline.body).toContain('class="audit-link"');
    const html = await httpGet(`${browser.url}audit?thread=${encodeURIComponent(threads.hostile)}`);
    expect(html.status).toBe(200);
    expect(html.body).not.toContain("<script");
    expect(html.body).toContain("audit-row");
  });

  it("is not offered for other savers", async () => {
    const redis = await openRedisTestSaver();
    const other = await startBrowser({ saver: redis.saver });
    try {
      expect((await httpGet(`${other.url}api/audit?thread=x`)).status).toBe(404);
      const timeline = await httpGet(`${other.url}thread?thread=x`);
      expect(timeline.body).not.toContain("audit-link");
    } finally {
      await other.close();
      await redis.close();
    }
  });
});
