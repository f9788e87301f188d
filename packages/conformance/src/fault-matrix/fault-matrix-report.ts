import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FaultMatrixEntry, faultMatrixMarkdown } from "./fault-matrix-table.cjs";

/**
 * A directory: each saver's run writes its entries there as `<saver>.json`, which
 * `scripts/fault-matrix-table.cjs <directory>` turns into one table for every saver.
 */
export const FAULT_MATRIX_REPORT_ENV = "CHECKPOINTKIT_FAULT_MATRIX_REPORT";

/** The measurements of one saver's matrix run, printed (and saved) when the run ends. */
export class FaultMatrixReport {
  readonly #entries: FaultMatrixEntry[] = [];
  readonly #saver: string;

  constructor(saver: string) {
    this.#saver = saver;
  }

  add(entry: Omit<FaultMatrixEntry, "saver">): void {
    this.#entries.push({ saver: this.#saver, ...entry });
  }

  /** Prints the table; writes the JSON when `CHECKPOINTKIT_FAULT_MATRIX_REPORT` names a directory. */
  publish(): void {
    if (this.#entries.length === 0) return;
    console.log(faultMatrixMarkdown(this.#entries));
    const directory = process.env[FAULT_MATRIX_REPORT_ENV];
    if (directory === undefined || directory === "") return;
    mkdirSync(directory, { recursive: true });
    const fileName = `${this.#saver.replace(/[^A-Za-z0-9._-]+/g, "_")}.json`;
    writeFileSync(join(directory, fileName), `${JSON.stringify(this.#entries, null, 2)}\n`);
  }
}
