import { randomUUID } from "node:crypto";
import { type RunningBrowser, startBrowser } from "../src/index.js";
import { openRedisTestSaver, type TestSaver } from "./support/browser-savers.js";
import { httpGet } from "./support/http-get.js";
import { hostileThreadId } from "./support/support-threads.js";

/** Checkpoints written straight through the saver: hostile ids, values and metadata. */
describe("the pages with hostile ids and values", () => {
  let opened: TestSaver;
  let browser: RunningBrowser;
  const threadId = hostileThreadId(randomUUID().slice(0, 8));
  const namespace = `ns"><img src=x onerror=alert(1)>`;
  const checkpointId = "1f1f0000-0000-6000-8000-000000000001";
  const payload = `</pre><script>alert("value")</script><b onmouseover=alert(2)>`;

  beforeAll(async () => {
    opened = await openRedisTestSaver();
    await opened.saver.put(
      { configurable: { thread_id: threadId, checkpoint_ns: namespace } },
      {
        v: 4,
        id: checkpointId,
        ts: "2026-01-01T00:00:00.000Z",
        channel_values: { [`<i>${payload}`]: payload, bytes: new Uint8Array([0, 1, 2]) },
        channel_versions: { [`<i>${payload}`]: "1", bytes: "1" },
        versions_seen: { [`<node>${payload}`]: { x: "1" } },
      },
      { source: "loop", step: 0, parents: {}, note: payload } as never,
      { [`<i>${payload}`]: "1", bytes: "1" },
    );
    await opened.saver.putWrites(
      {
        configurable: {
          thread_id: threadId,
          checkpoint_ns: namespace,
          checkpoint_id: checkpointId,
        },
      },
      [[`<chan>${payload}`, payload]],
      `task"'<${payload}`,
    );
    browser = await startBrowser({ saver: opened.saver });
  });

  afterAll(async () => {
    await browser?.close();
    await opened?.close();
  });

  const pages = () => {
    const thread = encodeURIComponent(threadId);
    const ns = encodeURIComponent(namespace);
    return [
      `${browser.url}?q=${encodeURIComponent(threadId.slice(0, 20))}`,
      `${browser.url}thread?thread=${thread}`,
      `${browser.url}checkpoint?thread=${thread}&ns=${ns}&id=${checkpointId}`,
    ];
  };

  it("escapes every id, channel, task, node and value: no markup from the store reaches a page", async () => {
    for (const url of pages()) {
      const page = await httpGet(url);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain("<script");
      expect(page.body).not.toContain("<img");
      expect(page.body).not.toContain("<b ");
      expect(page.body).not.toContain("<i>");
      expect(page.body).toContain("&lt;script&gt;");
      // The RTL override in the id cannot turn the text after it around.
      expect(page.body).not.toContain("\u202e");
      expect(page.body).toContain("⟦U+202E⟧");
    }
    const detail = await httpGet(pages()[2]!);
    // The values are there, as text.
    expect(detail.body).toContain("&lt;/pre&gt;&lt;script&gt;alert(&quot;value&quot;)");
    expect(detail.body).toContain("task&quot;&#39;&lt;");
    expect(detail.body).toContain("&quot;$bytes&quot;: 3");
  });

  it("sends a CSP that allows no script, and security headers, on every answer", async () => {
    for (const url of [...pages(), `${browser.url}api/threads`, `${browser.url}nope`]) {
      const answer = await httpGet(url);
      expect(answer.headers["content-security-policy"]).toBe(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["x-frame-options"]).toBe("DENY");
    }
  });

  it("is read-only: anything but GET and HEAD is refused before the saver is asked", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const answer = await httpGet(`${browser.url}api/threads`, { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe("GET, HEAD");
    }
    const head = await httpGet(`${browser.url}api/threads`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("listens on 127.0.0.1 and answers only requests addressed to loopback (DNS rebinding)", async () => {
    expect(new URL(browser.url).hostname).toBe("127.0.0.1");
    const port = new URL(browser.url).port;
    const rebound = await httpGet(`${browser.url}api/threads`, {
      host: `attacker.example:${port}`,
    });
    expect(rebound.status).toBe(421);
    const byName = await httpGet(`${browser.url}api/threads`, { host: `localhost:${port}` });
    expect(byName.status).toBe(200);
  });

  it("reads a thread id that is not valid UTF-8 in the URL as U+FFFD, an empty thread", async () => {
    // %ED%A0%80 would be a lone surrogate; URL decoding turns it into U+FFFD.
    const answer = await httpGet(`${browser.url}api/thread?thread=%ED%A0%80`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ entries: [] });
  });
});
