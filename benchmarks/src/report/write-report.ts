import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { RenderedChart } from "./bench-charts.js";
import type { BenchReport } from "./bench-report.js";
import { renderMarkdown } from "./markdown-report.js";

/** Writes RESULTS.md, results.json and the SVG charts they link to into `directory`; returns their paths. */
export async function writeReport(
  report: BenchReport,
  directory: string,
  charts: readonly RenderedChart[] = [],
): Promise<string[]> {
  const chartPaths: string[] = [];
  for (const chart of charts) {
    const chartPath = join(directory, chart.path);
    await mkdir(dirname(chartPath), { recursive: true });
    await writeFile(chartPath, chart.svg, "utf8");
    chartPaths.push(chartPath);
  }
  const markdownPath = join(directory, "RESULTS.md");
  const jsonPath = join(directory, "results.json");
  await writeFile(markdownPath, renderMarkdown(report), "utf8");
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`, "utf8");
  return [markdownPath, jsonPath, ...chartPaths];
}
