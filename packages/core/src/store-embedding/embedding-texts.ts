import { InvalidConfigError } from "../errors/index.js";

/** One step of a field path: a property name, an array position (negative from the end), or every element. */
type PathStep = { property: string } | { position: number } | { everyElement: true };

const WHOLE_VALUE = "$";

/**
 * Parses `a.b[*].c[0]`, `tags[-1]`: names separated by dots, each optionally followed by
 * bracketed positions or `*`. Refused when malformed, so a typo in `fields` fails at once.
 */
export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  for (const segment of path.split(".")) {
    const match = /^([^[\]]*)((?:\[(?:\*|-?\d+)\])*)$/.exec(segment);
    if (match === null || (match[1] === "" && match[2] === "")) {
      throw new InvalidConfigError(`index field path ${JSON.stringify(path)} is malformed`, {
        field: "index.fields",
      });
    }
    if (match[1] !== "") steps.push({ property: match[1] as string });
    for (const [, inner] of (match[2] ?? "").matchAll(/\[(\*|-?\d+)\]/g)) {
      steps.push(inner === "*" ? { everyElement: true } : { position: Number(inner) });
    }
  }
  return steps;
}

/** Text of a leaf: strings as they are, numbers and booleans printed, objects as JSON. */
function leafTexts(leaf: unknown): string[] {
  if (typeof leaf === "string") return [leaf];
  if (typeof leaf === "number" || typeof leaf === "boolean") return [String(leaf)];
  if (typeof leaf === "object" && leaf !== null) return [JSON.stringify(leaf, null, 2)];
  return [];
}

function walk(node: unknown, steps: readonly PathStep[], at: number): string[] {
  const step = steps[at];
  if (step === undefined) return leafTexts(node);
  if ("property" in step) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return [];
    if (!Object.hasOwn(node, step.property)) return [];
    return walk((node as Record<string, unknown>)[step.property], steps, at + 1);
  }
  if (!Array.isArray(node)) return [];
  if ("everyElement" in step) return node.flatMap((element) => walk(element, steps, at + 1));
  const position = step.position < 0 ? node.length + step.position : step.position;
  return position >= 0 && position < node.length ? walk(node[position], steps, at + 1) : [];
}

/**
 * The texts of `value` to embed for the given field paths, one per text found (an array
 * path yields one per element). `$` is the whole value as indented JSON, the form
 * LangGraph's stores embed, so the same item scores the same in every store.
 */
export function textsToEmbed(value: Record<string, unknown>, paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    path === WHOLE_VALUE ? [JSON.stringify(value, null, 2)] : walk(value, parseFieldPath(path), 0),
  );
}
