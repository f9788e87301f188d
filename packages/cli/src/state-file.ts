import { open, readFile } from "node:fs/promises";
import { InvalidConfigError } from "@checkpointkit/core";
import type { MigrationProgress } from "./migration-progress.js";

const FORMAT = "checkpointkit-migrate-state";
const VERSION = 1;

/** What a state file belongs to: descriptions of source and target, free of secrets. */
export interface MigrationIdentity {
  source: string;
  target: string;
}

interface HeaderLine {
  format: string;
  version: number;
  source: string;
  target: string;
}

function parseLines(text: string): unknown[] {
  const parsed: unknown[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      parsed.push(JSON.parse(line));
    } catch {
      // A process killed mid-append leaves a torn last line: that thread was not recorded.
    }
  }
  return parsed;
}

async function readExisting(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InvalidConfigError(`cannot read the state file ${path}`, {
      field: "state",
      cause: error,
    });
  }
}

function checkHeader(header: unknown, identity: MigrationIdentity, path: string): void {
  const line = header as Partial<HeaderLine> | undefined;
  if (line?.format !== FORMAT || line.version !== VERSION) {
    throw new InvalidConfigError(`${path} is not a checkpointkit migrate state file`, {
      field: "state",
    });
  }
  if (line.source !== identity.source || line.target !== identity.target) {
    throw new InvalidConfigError(
      `${path} records a migration from ${line.source} to ${line.target}; this run is from ${identity.source} to ${identity.target} (use another state file)`,
      { field: "state" },
    );
  }
}

/**
 * A JSON-lines progress record: a header naming source and target, then one line per
 * completed thread, appended and flushed to disk before the next thread starts. Appending
 * keeps each update O(1), and a torn last line after a kill only forgets that one thread,
 * which the next run then compares with the target and finds complete.
 */
export async function openStateFile(
  path: string,
  identity: MigrationIdentity,
): Promise<MigrationProgress> {
  const existing = await readExisting(path);
  const completed = new Set<string>();
  if (existing === undefined || existing.trim() === "") {
    const header: HeaderLine = { format: FORMAT, version: VERSION, ...identity };
    await appendDurably(path, `${JSON.stringify(header)}\n`);
  } else {
    const [header, ...entries] = parseLines(existing);
    checkHeader(header, identity, path);
    for (const entry of entries) {
      const thread = (entry as { thread?: unknown }).thread;
      if (typeof thread === "string") completed.add(thread);
    }
    // A torn line must not glue itself to the next entry.
    if (!existing.endsWith("\n")) await appendDurably(path, "\n");
  }
  return {
    isComplete: (threadId) => completed.has(threadId),
    markComplete: async (threadId) => {
      await appendDurably(path, `${JSON.stringify({ thread: threadId })}\n`);
      completed.add(threadId);
    },
  };
}

async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, "a");
  try {
    await handle.appendFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}
