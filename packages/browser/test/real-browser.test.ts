import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { type RunningBrowser, startBrowser } from "../src/index.js";
import { openRedisTestSaver, type TestSaver } from "./support/browser-savers.js";
import { chromiumOrSkipReason } from "./support/chromium-executable.js";
import { type SupportThreads, writeSupportThreads } from "./support/support-threads.js";

/** Screenshots land here (gitignored); docs/case_8842-timeline.png is a copy of one. */
const ARTIFACTS = path.join(__dirname, "..", "test-artifacts");
const chromiumSetup = chromiumOrSkipReason();

if ("skip" in chromiumSetup) {
  // Said once, plainly, so nobody mistakes a skip for a pass.
  console.warn(chromiumSetup.skip);
}

const describeInChromium = "skip" in chromiumSetup ? describe.skip : describe;

describeInChromium("the pages in headless Chromium", () => {
  let opened: TestSaver;
  let threads: SupportThreads;
  let server: RunningBrowser;
  let chrome: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // Under CI without chromium every test here fails with this message.
    if (!("executablePath" in chromiumSetup)) throw new Error(Object.values(chromiumSetup)[0]);
    mkdirSync(ARTIFACTS, { recursive: true });
    opened = await openRedisTestSaver();
    threads = await writeSupportThreads(opened.saver);
    server = await startBrowser({ saver: opened.saver });
    chrome = await chromium.launch({
      executablePath: chromiumSetup.executablePath,
      timeout: 30_000,
    });
    page = await chrome.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(15_000);
    // Anything from the store that ran as script would most likely raise a dialog.
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // CSP violations (an inline style or script the policy blocked) are reported here.
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await opened?.close();
  });

  afterEach(() => {
    expect(dialogs.splice(0)).toEqual([]);
    expect(consoleErrors.splice(0)).toEqual([]);
  });

  const screenshot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  const openThread = async (threadId: string) => {
    await page.goto(server.url);
    await page
      .locator("a.thread-link")
      .filter({ hasText: threadId.slice(0, 40) })
      .first()
      .click();
    await page.waitForURL(/\/thread\?/);
  };

  it("renders the case_8842 timeline with the fork before policy as a second lane", async () => {
    await openThread(threads.forked);
    expect(await page.locator("h1").textContent()).toBe(threads.forked);
    const rows = page.locator("tr.checkpoint-row");
    expect(await rows.count()).toBe(8);
    const steps = await rows.locator("td:nth-child(2)").allTextContents();
    expect(steps).toEqual(["4", "3", "2", "3", "2", "1", "0", "-1"]);
    const sources = await rows.locator("td:nth-child(3)").allTextContents();
    expect(sources[2]).toBe("update");
    const nodes = await rows.locator("td:nth-child(4)").allTextContents();
    expect(nodes.map((text) => text.trim())).toEqual([
      "response",
      "policy",
      "",
      "response",
      "policy",
      "account billing",
      "__start__",
      "",
    ]);
    const lanes = await rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("data-lane")),
    );
    expect(lanes).toEqual(["1", "1", "1", "0", "0", "0", "0", "0"]);
    // The fork is drawn: one line leaves the checkpoint before policy toward lane 1.
    expect(await rows.nth(5).locator("line.fork").count()).toBe(1);
    await screenshot("case_8842-timeline");
  });

  it("marks the case_9107 interrupt, and its checkpoint shows the conversation and the paused task", async () => {
    await openThread(threads.interrupted);
    const interrupted = page.locator("tr.checkpoint-row.interrupted");
    expect(await interrupted.count()).toBe(1);
    expect(await interrupted.locator(".tag.interrupt").textContent()).toBe("interrupt");
    expect(await interrupted.locator(".tag.resumed").textContent()).toBe("resumed");
    expect(await interrupted.locator("td:nth-child(2)").textContent()).toBe("1");
    // The paused node is named, from the task id of its interrupt write.
    expect(await interrupted.locator(".interrupted-node .node").textContent()).toBe("policy");
    await screenshot("case_9107-timeline-interrupt");

    await interrupted.locator("a.id").click();
    await page.waitForURL(/\/checkpoint\?/);
    const conversation = page.locator('details.channel[data-channel="messages"]');
    expect(await conversation.locator(".message.human").textContent()).toContain(
      "You charged me $749 twice",
    );
    expect(await conversation.locator(".message.ai .role").allTextContents()).toEqual([
      "ai · account",
      "ai · billing",
    ]);
    const interruptWrite = page.locator("table.writes .tag.interrupt");
    expect(await interruptWrite.count()).toBe(1);
    const pausedTask = page.locator("table.writes", { has: page.locator(".tag.interrupt") });
    expect(await pausedTask.textContent()).toContain("Refund $749.00 for duplicate txn_201?");
    expect(await page.locator("table.diff").textContent()).toContain("billingResult");
    const taskNodes = await page.locator("h3.task .task-node").allTextContents();
    expect(taskNodes).toEqual(["policy"]);
    const sizes = page.locator("table.checkpoint-size");
    expect(
      await sizes.locator('tr[data-channel="messages"] .bytes').first().getAttribute("title"),
    ).toMatch(/^[\d,]+ bytes$/);
    expect(await sizes.locator("tr.total").textContent()).toMatch(/total\s*[\d.]+ k?B/);
    await screenshot("case_9107-interrupted-checkpoint");
  });

  it("lists threads with their checkpoint count and stored size, and pages to older threads", async () => {
    await page.goto(`${server.url}?limit=2`);
    const header = await page.locator("table.threads th").allTextContents();
    expect(header).toEqual(["thread", "last write", "checkpoints", "stored size"]);
    const rows = page.locator("table.threads tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.locator("td.count").allTextContents()).toEqual(["5", "5"]);
    const size = rows.first().locator("td.size .bytes");
    expect(await size.textContent()).toMatch(/^[\d.]+ k?B$/);
    expect(await size.getAttribute("title")).toMatch(/^[\d,]+ bytes$/);
    await screenshot("threads-with-sizes");
    await page.locator("a.older-threads").click();
    await page.waitForURL(/cursor=/);
    expect(await rows.locator("a.thread-link").allTextContents()).toEqual([threads.forked]);
    expect(await rows.locator("td.count").allTextContents()).toEqual(["8"]);
    expect(await page.locator("a.older-threads").count()).toBe(0);
  });

  it("shows a hostile thread id as text, runs nothing from the store, and pages to older checkpoints", async () => {
    await page.goto(server.url);
    const link = page.locator("a.thread-link", { hasText: "<script>" });
    // Every character is there as text; the RTL override is shown as its code point.
    const shown = threads.hostile.replace("\u202e", "⟦U+202E⟧");
    expect(await link.textContent()).toBe(shown);
    expect(await page.locator("script").count()).toBe(0);
    await screenshot("threads-with-hostile-id");

    const firstPage = `${server.url}thread?thread=${encodeURIComponent(threads.hostile)}&limit=3`;
    const response = await page.goto(firstPage);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(await page.locator("h1").textContent()).toBe(shown);
    expect(await page.locator("tr.checkpoint-row td:nth-child(2)").allTextContents()).toEqual([
      "3",
      "2",
      "1",
    ]);
    await page.locator("a.older").click();
    await page.waitForURL(/before=/);
    expect(await page.locator("h1").textContent()).toBe(shown);
    expect(await page.locator("tr.checkpoint-row td:nth-child(2)").allTextContents()).toEqual([
      "0",
      "-1",
    ]);
    expect(await page.locator("a.older").count()).toBe(0);
    await page.locator("tr.checkpoint-row a.id").first().click();
    await page.waitForURL(/\/checkpoint\?/);
    expect(await page.locator("p.muted a.id").textContent()).toBe(shown);
    expect(await page.locator("script").count()).toBe(0);
    await screenshot("hostile-id-checkpoint");
  });
});
