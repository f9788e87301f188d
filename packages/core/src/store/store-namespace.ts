import { InvalidConfigError } from "../errors/index.js";

/**
 * Joins the labels of a namespace into its path. Labels can never contain it (they are
 * refused, as LangGraph refuses them), so the path is injective and every namespace below
 * `a.b` starts with `a.b.`: each backend turns a prefix into a range or a STARTSWITH.
 */
export const NAMESPACE_LABEL_SEPARATOR = ".";

/** The array and emptiness checks every store makes before it looks at the labels. */
export function checkNamespaceArray(
  namespace: unknown,
  field: string,
  allowEmpty: boolean,
): asserts namespace is unknown[] {
  if (!Array.isArray(namespace)) {
    throw new InvalidConfigError(`${field} must be an array of strings`, { field });
  }
  if (namespace.length === 0 && !allowEmpty) {
    throw new InvalidConfigError(`${field} must not be empty`, { field });
  }
}

/**
 * Checks a namespace the way LangGraph's `validateNamespace` does (strings, no empty label,
 * no `.`, `:` or U+0000) and returns its path. An empty namespace is allowed where LangGraph
 * allows one (search everything).
 */
export function readNamespacePath(namespace: unknown, field: string, allowEmpty: boolean): string {
  checkNamespaceArray(namespace, field, allowEmpty);
  for (const label of namespace) {
    if (typeof label !== "string" || label === "") {
      throw new InvalidConfigError(`${field} labels must be non-empty strings`, { field });
    }
    if (label.includes(".") || label.includes(":") || label.includes("\u0000")) {
      throw new InvalidConfigError(`${field} labels must not contain ".", ":" or U+0000`, {
        field,
      });
    }
  }
  return namespace.join(NAMESPACE_LABEL_SEPARATOR);
}

/** A namespace pattern of `listNamespaces`: labels or `*` (any one label). */
export function readNamespacePattern(path: unknown, field: string): string[] {
  if (!Array.isArray(path) || path.some((label) => typeof label !== "string")) {
    throw new InvalidConfigError(`${field} must be an array of strings`, { field });
  }
  return path as string[];
}
