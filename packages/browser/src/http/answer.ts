import { HTML, JSON_TYPE } from "./responses.js";

/** What a route answers; `handleRequest` sends it with the security headers. */
export type Answer = { status: number; contentType: string; body: string };

export const json = (value: unknown, status = 200): Answer => ({
  status,
  contentType: JSON_TYPE,
  body: JSON.stringify(value),
});

export const htmlPage = (body: string, status = 200): Answer => ({
  status,
  contentType: HTML,
  body,
});
