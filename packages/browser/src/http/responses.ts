import type { ServerResponse } from "node:http";

/**
 * Nothing but the page's own stylesheet may load: no script at all (the pages need none),
 * no inline style, no frames, forms only to this server.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

export function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headOnly = false,
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
  });
  response.end(headOnly ? undefined : body);
}

export const HTML = "text/html; charset=utf-8";
export const JSON_TYPE = "application/json; charset=utf-8";
export const CSS = "text/css; charset=utf-8";
export const TEXT = "text/plain; charset=utf-8";
