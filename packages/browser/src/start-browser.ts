import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidConfigError } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { type BrowserLimits, handleRequest } from "./http/browser-routes.js";

export interface StartBrowserOptions {
  /**
   * Any `BaseCheckpointSaver`; only its reads are called (`list`, `getTuple`, and where it has
   * them `listThreads`, `getCheckpointSize`, `threadSizeSummary`). Never closed by the browser.
   */
  saver: BaseCheckpointSaver;
  /** @default 0 (a free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Checkpoints per timeline page. @default 50 */
  timelinePageSize?: number;
  /**
   * Threads the thread list shows at most: one `listThreads` page (at most 1000), or what the
   * scan collects. @default 100
   */
  maxThreads?: number;
  /**
   * Checkpoints the thread-list scan reads at most per request (savers without `listThreads`,
   * and metadata search). @default 5000
   */
  maxScannedCheckpoints?: number;
  /** Checkpoints a thread page's "count all" (`count=1`) reads at most. @default 10000 */
  maxCountedCheckpoints?: number;
}

export interface RunningBrowser {
  /** `http://host:port/` of the page. */
  url: string;
  /** Stops the server (open connections included); the saver stays open. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/** Headers and one request's work have deadlines; saver calls have the saver's own. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** Starts the read-only web page over `saver`; resolves once it listens. */
export async function startBrowser(options: StartBrowserOptions): Promise<RunningBrowser> {
  const host = options.host ?? "127.0.0.1";
  const limits: BrowserLimits = {
    timelinePageSize: positive(options.timelinePageSize, 50, "timelinePageSize"),
    maxThreads: positive(options.maxThreads, 100, "maxThreads"),
    maxScannedCheckpoints: positive(options.maxScannedCheckpoints, 5000, "maxScannedCheckpoints"),
    maxCountedCheckpoints: positive(options.maxCountedCheckpoints, 10_000, "maxCountedCheckpoints"),
  };
  let allowedHosts: Set<string> | undefined;
  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    (request, response) => {
      handleRequest(options.saver, limits, request, response, allowedHosts).catch(() => {
        // Only a broken socket gets here; the response cannot be written anymore.
        response.destroy();
      });
    },
  );
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Later server errors (none expected once listening) must not crash the process.
  server.on("error", () => {});
  // Set in the same microtask the listen callback resolved: no request event can run first.
  const { port } = server.address() as AddressInfo;
  if (LOOPBACK_HOSTS.has(host)) {
    allowedHosts = new Set(
      [...LOOPBACK_HOSTS].map((name) => (name === "::1" ? `[::1]:${port}` : `${name}:${port}`)),
    );
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidConfigError(`${name} must be a positive integer`, { field: name });
  }
  return value;
}
