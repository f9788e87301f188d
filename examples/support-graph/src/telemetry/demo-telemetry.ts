import { captureTelemetry, type TelemetryCapture } from "@checkpointkit/conformance/telemetry";
import { spanTreeLines } from "./span-tree.js";

/**
 * `--telemetry`: the OpenTelemetry SDK registered with in-memory exporters for the run (as an
 * application registers its own SDK), and the run's spans printed as a tree at the end. The
 * crash scenario's child process has no SDK: its spans are not in the tree.
 */
export class DemoTelemetry {
  readonly #capture: TelemetryCapture = captureTelemetry();

  /** The spans so far, as a tree under a heading with their count. */
  treeLines(): string[] {
    const spans = this.#capture.spans();
    return [
      "",
      `telemetry: ${spans.length} spans (round trips "rt", bytes out/in; children are the tiers)`,
      ...spanTreeLines(spans),
    ];
  }

  stop(): Promise<void> {
    return this.#capture.stop();
  }
}
