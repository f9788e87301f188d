import { randomUUID } from "node:crypto";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeKeyPart } from "@checkpointkit/core";
import type { RefundRecord, RefundStore } from "./refund-store.js";

function isAlreadyExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EEXIST";
}

/**
 * One JSON file per idempotency key in a directory. The record is written to a private temp
 * file first and then hard-linked to its final name: `link` fails with EEXIST when the name
 * exists, so the first writer wins even across processes, and a loser never reads a file the
 * winner has created but not yet filled. The crash scenario shares it between the process
 * it kills and the one that resumes, which is how the demo shows the refund happened once.
 */
export class FileRefundStore implements RefundStore {
  constructor(private readonly directory: string) {}

  private pathOf(idempotencyKey: string): string {
    // encodeKeyPart escapes `/` and `%`, so a key can never name a path outside the directory.
    return join(this.directory, `${encodeKeyPart(idempotencyKey)}.json`);
  }

  async insertIfAbsent(record: RefundRecord): Promise<{ record: RefundRecord; created: boolean }> {
    await mkdir(this.directory, { recursive: true });
    const path = this.pathOf(record.idempotencyKey);
    const draft = `${path}.${randomUUID()}.draft`;
    await writeFile(draft, JSON.stringify(record), { flag: "wx" });
    try {
      await link(draft, path);
      return { record: { ...record }, created: true };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = JSON.parse(await readFile(path, "utf8")) as RefundRecord;
      return { record: existing, created: false };
    } finally {
      await unlink(draft);
    }
  }

  async list(): Promise<RefundRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const records = await Promise.all(
      names
        .filter((name) => name.endsWith(".json"))
        .map(
          async (name) =>
            JSON.parse(await readFile(join(this.directory, name), "utf8")) as RefundRecord,
        ),
    );
    return records.sort((left, right) => left.issuedAt.localeCompare(right.issuedAt));
  }
}
