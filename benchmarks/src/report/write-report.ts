import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchReport } from "./bench-report.js";
import { renderMarkdown } from "./markdown-report.js";

/** Writes RESULTS.md and results.json into `directory`; returns their paths. */
export async function writeReport(report: BenchReport, directory: string): Promise<string[]> {
  const markdownPath = join(directory, "RESULTS.md");
  const jsonPath = join(directory, "results.json");
  await writeFile(markdownPath, renderMarkdown(report), "utf8");
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`, "utf8");
  return [markdownPath, jsonPath];
}
