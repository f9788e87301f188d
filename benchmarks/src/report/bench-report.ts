import type { MachineDescription } from "./machine-description.js";
import type { ResultNote, ResultRow } from "./result-row.js";
import type { SaverStatus } from "./saver-status.js";

/** Everything one run produced: what results.json holds and RESULTS.md renders. */
export interface BenchReport {
  mode: "full" | "quick";
  machine: MachineDescription;
  /** Other load on the machine while measuring, said in the report so nobody over-reads it. */
  caveats: string[];
  savers: SaverStatus[];
  scenarios: { id: string; title: string; measures: string }[];
  rows: ResultRow[];
  notes: ResultNote[];
  /** SVG charts written next to RESULTS.md (paths relative to it), embedded in their scenario's section. */
  charts: { scenarioId: string; path: string; title: string }[];
  durationSeconds: number;
}
