/**
 * Reading request bodies and writing responses with the headers the SDK reads from the
 * service (activity id, request charge, etag, continuation, item count).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON body; undefined for an empty or malformed one. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The standard headers every response of the service carries. */
export function setServiceHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("content-type", "application/json");
  res.setHeader("x-ms-activity-id", randomUUID());
  res.setHeader("x-ms-request-charge", "1");
  res.setHeader("x-ms-session-token", "0:-1#1");
  res.setHeader("content-location", `https://${req.headers.host ?? "localhost"}${req.url ?? "/"}`);
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  setServiceHeaders(req, res);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = statusCode;
  res.end(
    statusCode === 204 || statusCode === 304 || body === undefined ? "" : JSON.stringify(body),
  );
}

export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  statusCode: number,
  code: string,
  message: string,
): void {
  sendJson(req, res, statusCode, { code, message });
}

/** First value of a header, or undefined. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a boolean header is set to true (the SDK sends "True" or true). */
export function headerIsTrue(req: IncomingMessage, name: string): boolean {
  return headerValue(req, name)?.toLowerCase() === "true";
}
