import { encodeKeyPart, InvalidConfigError } from "@checkpointkit/core";
import {
  checkIdString,
  checkNamespaceArray,
  NAMESPACE_LABEL_SEPARATOR,
} from "@checkpointkit/core/internal";

/**
 * Joins the labels of a namespace. Labels can never contain it (they are refused, as
 * LangGraph refuses them), so the joined path is injective, and every namespace below `a.b`
 * starts with `a.b.`: a prefix search is a lexicographic range.
 */
export const LABEL_SEPARATOR = NAMESPACE_LABEL_SEPARATOR;
/** Separates the encoded namespace path from the encoded key in an index member. */
export const MEMBER_SEPARATOR = ":";

/**
 * Where one item lives. `member` is `encodeKeyPart(path) ":" encodeKeyPart(key)`:
 * `encodeKeyPart` escapes `:` (and every Redis pattern, hash-tag and control character) and
 * leaves `.` alone, so the member is injective, readable, and all members of the
 * namespaces below a prefix form two lexicographic ranges (see `prefixRanges`).
 */
export interface ItemAddress {
  namespace: string[];
  encodedPath: string;
  member: string;
}

/**
 * Checks a namespace as LangGraph's `validateNamespace` does (strings, no empty label, no
 * `.`, `:`), plus well-formed UTF-16 (Redis stores UTF-8: a lone surrogate would collide).
 * Returns the encoded path; an empty namespace is allowed where LangGraph allows one.
 */
export function readNamespace(namespace: unknown, field: string, allowEmpty: boolean): string {
  checkNamespaceArray(namespace, field, allowEmpty);
  for (const entry of namespace) {
    const label = checkIdString(entry, field);
    if (label === "") {
      throw new InvalidConfigError(`${field} labels must be non-empty strings`, { field });
    }
    if (label.includes(LABEL_SEPARATOR) || label.includes(MEMBER_SEPARATOR)) {
      throw new InvalidConfigError(`${field} labels must not contain "." or ":"`, { field });
    }
  }
  return encodeKeyPart(namespace.join(LABEL_SEPARATOR));
}

export function readItemAddress(namespace: unknown, key: unknown): ItemAddress {
  const encodedPath = readNamespace(namespace, "namespace", false);
  const checkedKey = checkIdString(key, "key");
  return {
    namespace: [...(namespace as string[])],
    encodedPath,
    member: `${encodedPath}${MEMBER_SEPARATOR}${encodeKeyPart(checkedKey)}`,
  };
}

/** A namespace pattern of `listNamespaces`: labels or `*` (any one label). */
export function readNamespacePattern(path: unknown, field: string): string[] {
  if (!Array.isArray(path)) {
    throw new InvalidConfigError(`${field} must be an array of strings`, { field });
  }
  for (const label of path) checkIdString(label, field);
  return path as string[];
}

/**
 * ZRANGEBYLEX bounds (pairs) of the index members of the namespace `encodedPath` and all
 * namespaces below it: `path:` up to `path;` (the namespace itself: `;` follows `:`) and
 * `path.` up to `path/` (its children: `/` follows `.`). Undefined path: everything.
 */
export function prefixRanges(encodedPath: string | undefined): string[] {
  if (encodedPath === undefined) return ["-", "+"];
  return [`[${encodedPath}:`, `(${encodedPath};`, `[${encodedPath}.`, `(${encodedPath}/`];
}

/** ZRANGEBYLEX bounds of the namespace paths equal to or below `encodedPath`. */
export function namespaceRanges(encodedPath: string | undefined): string[] {
  if (encodedPath === undefined) return ["-", "+"];
  return [`[${encodedPath}`, `[${encodedPath}`, `[${encodedPath}.`, `(${encodedPath}/`];
}
