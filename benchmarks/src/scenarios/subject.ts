import type { RawFloor } from "../floors/raw-floor.js";
import type { RoundTripCounter } from "../measure/round-trip-counter.js";
import type { BenchSaver, SaverPlugin } from "../savers/saver-plugin.js";

/** A saver under test, or a raw floor measured the same way. */
export type Subject =
  | {
      kind: "saver";
      id: string;
      label: string;
      plugin: SaverPlugin;
      bench: BenchSaver;
      counter: RoundTripCounter;
    }
  | { kind: "floor"; id: string; label: string; floor: RawFloor; counter: RoundTripCounter };

export function saverSubject(plugin: SaverPlugin, bench: BenchSaver): Subject {
  return {
    kind: "saver",
    id: plugin.id,
    label: plugin.label,
    plugin,
    bench,
    counter: bench.counter,
  };
}

export function floorSubject(floor: RawFloor): Subject {
  return {
    kind: "floor",
    id: `raw-${floor.backend}`,
    label: floor.label,
    floor,
    counter: floor.counter,
  };
}

export function floorBackendOf(subject: Subject): string | undefined {
  return subject.kind === "floor" ? subject.floor.backend : subject.plugin.floorBackend;
}

export async function disposeSubject(subject: Subject): Promise<void> {
  if (subject.kind === "floor") await subject.floor.dispose();
  else await subject.bench.dispose();
}
