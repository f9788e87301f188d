import type { IncomingMessage, ServerResponse } from "node:http";
import { CheckpointKitError } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { readCheckpointDetail } from "../reads/checkpoint-detail.js";
import { auditSaverOf, readAuditPage } from "../reads/postgres-audit.js";
import { countFromPage, countThreadCheckpoints } from "../reads/thread-count.js";
import { readTimelinePage } from "../reads/timeline.js";
import { auditPage } from "../views/audit-view.js";
import { checkpointPage, errorPage, notFoundPage } from "../views/checkpoint-view.js";
import { STYLESHEET } from "../views/stylesheet.js";
import { timelinePage } from "../views/timeline-view.js";
import { type Answer, json } from "./answer.js";
import {
  BadRequest,
  boundedInteger,
  isCallerError,
  nonNegativeInteger,
  optionalParameter,
  requiredParameter,
} from "./request-query.js";
import { CSS, HTML, JSON_TYPE, send, TEXT } from "./responses.js";
import { answerThreads, type ThreadListLimits } from "./threads-route.js";

/** Page sizes and scan bounds of the browser; see `StartBrowserOptions`. */
export interface BrowserLimits extends ThreadListLimits {
  timelinePageSize: number;
  maxCountedCheckpoints: number;
}

/** Writes per audit page (and the most `limit=` may ask for). */
const AUDIT_PAGE_SIZE = 500;

/** The most checkpoints one timeline page may ask for with `limit=`. */
const MAX_TIMELINE_PAGE_SIZE = 500;

/** Answers one GET/HEAD request; only read operations of the saver are ever called. */
export async function answer(
  saver: BaseCheckpointSaver,
  limits: BrowserLimits,
  url: URL,
): Promise<Answer> {
  const query = url.searchParams;
  const api = url.pathname.startsWith("/api/");
  switch (url.pathname) {
    case "/assets/browser.css":
      return { status: 200, contentType: CSS, body: STYLESHEET };
    case "/favicon.ico":
      // Browsers ask for it on every page; an empty answer keeps their consoles quiet.
      return { status: 204, contentType: TEXT, body: "" };
    case "/":
    case "/api/threads":
      return answerThreads(saver, limits, query, api);
    case "/thread":
    case "/api/thread": {
      const threadId = requiredParameter(query, "thread");
      const checkpointNs = optionalParameter(query, "ns");
      const before = optionalParameter(query, "before");
      const page = await readTimelinePage(saver, {
        threadId,
        checkpointNs,
        before,
        limit: boundedInteger(query, "limit", limits.timelinePageSize, MAX_TIMELINE_PAGE_SIZE),
      });
      // A full count reads the whole thread: only when asked (`count=1`), and bounded.
      page.checkpointCount =
        query.get("count") === "1"
          ? await countThreadCheckpoints(saver, {
              threadId,
              checkpointNs,
              maxCounted: limits.maxCountedCheckpoints,
            })
          : countFromPage(page, before === undefined);
      return api
        ? json(page)
        : {
            status: 200,
            contentType: HTML,
            body: timelinePage(page, { auditTrail: auditSaverOf(saver) !== undefined }),
          };
    }
    case "/checkpoint":
    case "/api/checkpoint": {
      const detail = await readCheckpointDetail(saver, {
        threadId: requiredParameter(query, "thread"),
        checkpointNs: optionalParameter(query, "ns") ?? "",
        checkpointId: requiredParameter(query, "id"),
      });
      if (detail === undefined) {
        const what = "No such checkpoint in this thread.";
        return api
          ? json({ error: what }, 404)
          : { status: 404, contentType: HTML, body: notFoundPage(what) };
      }
      return api ? json(detail) : { status: 200, contentType: HTML, body: checkpointPage(detail) };
    }
    case "/audit":
    case "/api/audit": {
      const auditSaver = auditSaverOf(saver);
      if (auditSaver === undefined) {
        const what =
          "The audit trail needs checkpointkit's PostgresSaver (its checkpoint_history view).";
        return api
          ? json({ error: what }, 404)
          : { status: 404, contentType: HTML, body: notFoundPage(what) };
      }
      const page = await readAuditPage(auditSaver, {
        threadId: requiredParameter(query, "thread"),
        checkpointNs: optionalParameter(query, "ns") ?? "",
        offset: nonNegativeInteger(query, "offset"),
        limit: boundedInteger(query, "limit", AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE),
      });
      return api ? json(page) : { status: 200, contentType: HTML, body: auditPage(page) };
    }
    default:
      return api
        ? json({ error: "not found" }, 404)
        : { status: 404, contentType: HTML, body: notFoundPage("No such page.") };
  }
}

/**
 * What a failure shows: checkpointkit's typed errors carry no secrets in their messages, so
 * theirs is shown; anything else only by its name.
 */
function describeFailure(error: unknown): string {
  if (error instanceof BadRequest) return error.message;
  if (CheckpointKitError.isInstance(error)) return `${error.name}: ${error.message}`;
  return error instanceof Error ? `${error.name} (details withheld)` : "unknown error";
}

export async function handleRequest(
  saver: BaseCheckpointSaver,
  limits: BrowserLimits,
  request: IncomingMessage,
  response: ServerResponse,
  allowedHosts: ReadonlySet<string> | undefined,
): Promise<void> {
  const headOnly = request.method === "HEAD";
  if (request.method !== "GET" && !headOnly) {
    response.setHeader("allow", "GET, HEAD");
    send(response, 405, TEXT, "read-only: only GET and HEAD\n");
    return;
  }
  // A page bound to loopback only answers requests addressed to loopback (DNS rebinding).
  if (allowedHosts !== undefined && !allowedHosts.has(request.headers.host ?? "")) {
    send(response, 421, TEXT, "unexpected Host header\n");
    return;
  }
  const url = new URL(request.url ?? "/", "http://browser.invalid");
  const api = url.pathname.startsWith("/api/");
  try {
    const result = await answer(saver, limits, url);
    send(response, result.status, result.contentType, result.body, headOnly);
  } catch (error) {
    const status = isCallerError(error) ? 400 : 502;
    const message = describeFailure(error);
    if (api) send(response, status, JSON_TYPE, JSON.stringify({ error: message }), headOnly);
    else send(response, status, HTML, errorPage(message), headOnly);
  }
}
