/**
 * The service's check of a request signed with an account key (`type=master`): the signature
 * is an HMAC-SHA256, keyed with the account key, of the verb, the resource type, the resource
 * link and the date. A request signed with another key fails it and the service answers 401.
 *
 * The emulator does not re-derive the SDK's exact resource type and link for every route:
 * it accepts the signature when it matches any type/link pair cut from the request's own path
 * (each split point, names raw or decoded). That is loose on which resource was signed, but
 * exact on what matters here: only the holder of the key can produce any of them.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { headerValue } from "./http-io.js";

/** The `sig` of a master-key authorization header, or undefined for anything else. */
function masterSignature(req: IncomingMessage): Buffer | undefined {
  const header = headerValue(req, "authorization");
  if (header === undefined) return undefined;
  let fields: URLSearchParams;
  try {
    fields = new URLSearchParams(decodeURIComponent(header));
  } catch {
    return undefined;
  }
  const signature = fields.get("sig");
  if (fields.get("type") !== "master" || signature === null) return undefined;
  return Buffer.from(signature.replaceAll(" ", "+"), "base64");
}

/** Every (resource type, resource link) pair the SDK might have signed for `path`. */
function candidateResources(path: string): [string, string][] {
  const raw = path.split("/").filter((segment) => segment !== "");
  const decoded = raw.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  const candidates: [string, string][] = [["", ""]];
  for (const segments of [raw, decoded]) {
    for (let end = 0; end <= segments.length; end += 1) {
      const link = segments.slice(0, end).join("/");
      for (const type of [segments[end - 1], segments[end - 2], segments[end]]) {
        if (type !== undefined) candidates.push([type.toLowerCase(), link]);
      }
      candidates.push(["", link]);
    }
  }
  return candidates;
}

/** True when `req` carries a master-key signature made with `key` (base64, as issued). */
export function signedWithKey(req: IncomingMessage, path: string, key: string): boolean {
  const signature = masterSignature(req);
  const date = headerValue(req, "x-ms-date") ?? headerValue(req, "date");
  if (signature === undefined || date === undefined) return false;
  const hmacKey = Buffer.from(key, "base64");
  const verb = (req.method ?? "GET").toLowerCase();
  return candidateResources(path).some(([type, link]) => {
    const expected = createHmac("sha256", hmacKey)
      .update(`${verb}\n${type}\n${link}\n${date.toLowerCase()}\n\n`)
      .digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  });
}
