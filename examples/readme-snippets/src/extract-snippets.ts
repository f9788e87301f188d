/** One fenced code block of a README that the harness compiles (and runs, unless a fragment). */
export interface ReadmeSnippet {
  /** The README's path relative to the repository root, e.g. `packages/redis/README.md`. */
  readmePath: string;
  /** 1-based line, in the README, of the block's first code line. */
  line: number;
  language: SnippetLanguage;
  code: string;
  /** `run`: compiled and run to its end; `fragment`: only type-checked (see `FRAGMENT_MARKER`). */
  mode: "run" | "fragment";
  /** Why a fragment cannot run, as its marker says. */
  reason?: string;
}

export type SnippetLanguage = "ts" | "typescript" | "js";

const SNIPPET_LANGUAGES: readonly string[] = ["ts", "typescript", "js"];

/**
 * `<!-- snippet: fragment — why it cannot run -->` on the line before a block (blank lines
 * between are allowed) marks it as a fragment: type-checked, not run. The reason is required,
 * so every block that is not run says why in the README itself.
 */
const MARKER_PATTERN = /^<!--\s*snippet:\s*(\S+)\s*(?:[—–-]+\s*)?(.*?)\s*-->$/;

const FENCE_PATTERN = /^(`{3,}|~{3,})\s*([^\s`]*)/;

/** Thrown for a marker the harness does not know or that gives no reason. */
export class SnippetMarkerError extends Error {
  override name = "SnippetMarkerError";
}

/**
 * The ```ts / ```typescript / ```js blocks of a README, in order, with their fragment markers.
 * Other languages (sh, sql, unlabelled diagrams) are not code a user runs with Node.
 */
export function extractSnippets(markdown: string, readmePath: string): ReadmeSnippet[] {
  const lines = markdown.split("\n");
  const snippets: ReadmeSnippet[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = FENCE_PATTERN.exec(lines[index] ?? "");
    if (opening === null) {
      index += 1;
      continue;
    }
    const fence = opening[1] ?? "```";
    const language = (opening[2] ?? "").toLowerCase();
    const closingIndex = findClosingFence(lines, index + 1, fence);
    if (SNIPPET_LANGUAGES.includes(language)) {
      const marker = markerBefore(lines, index, readmePath);
      snippets.push({
        readmePath,
        line: index + 2,
        language: language as SnippetLanguage,
        code: lines.slice(index + 1, closingIndex).join("\n"),
        ...marker,
      });
    }
    index = closingIndex + 1;
  }
  return snippets;
}

function findClosingFence(lines: readonly string[], from: number, fence: string): number {
  for (let index = from; index < lines.length; index += 1) {
    const line = (lines[index] ?? "").trim();
    if (line.startsWith(fence) && line.slice(fence.length).trim() === "") return index;
  }
  return lines.length;
}

function markerBefore(
  lines: readonly string[],
  fenceIndex: number,
  readmePath: string,
): Pick<ReadmeSnippet, "mode" | "reason"> {
  let index = fenceIndex - 1;
  while (index >= 0 && (lines[index] ?? "").trim() === "") index -= 1;
  const candidate = (lines[index] ?? "").trim();
  if (!candidate.startsWith("<!--") || !/snippet:/.test(candidate)) return { mode: "run" };
  const where = `${readmePath}:${index + 1}`;
  const match = MARKER_PATTERN.exec(candidate);
  if (match === null || match[1] !== "fragment") {
    throw new SnippetMarkerError(
      `${where}: unknown snippet marker "${candidate}"; write <!-- snippet: fragment — why it cannot run -->`,
    );
  }
  const reason = match[2] ?? "";
  if (reason === "") {
    throw new SnippetMarkerError(
      `${where}: a fragment marker must say why the block cannot run: <!-- snippet: fragment — reason -->`,
    );
  }
  return { mode: "fragment", reason };
}
