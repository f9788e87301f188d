/** What the lane layout needs of a timeline row. */
export interface LaneInput {
  key: string;
  parentKey: string | null;
}

/** How to draw one row of the branch graph (rows newest first, like the timeline). */
export interface LaneRow {
  lane: number;
  /** Lanes that pass through this row without a checkpoint in it. */
  through: number[];
  /** A line from this row's dot up to its newer neighbour in its own lane. */
  up: boolean;
  /** A line from this row's dot down toward its parent (in this page or an older one). */
  down: boolean;
  /** Lanes that fork from this row's checkpoint: lines from the dot up to each lane. */
  forksUp: number[];
}

export interface LaneLayout {
  rows: LaneRow[];
  laneCount: number;
}

/**
 * Lanes like a commit graph: walking oldest to newest, a checkpoint continues its parent's
 * lane unless another child already did, in which case it opens a new lane (a fork: time
 * travel or `updateState` from an older checkpoint). `rows` are given and returned newest first.
 */
export function layoutLanes(rowsNewestFirst: readonly LaneInput[]): LaneLayout {
  // Position 0 is the oldest row.
  const oldestFirst = [...rowsNewestFirst].reverse();
  const positionOf = new Map(oldestFirst.map((row, position) => [row.key, position]));
  const laneOf: number[] = [];
  const continued = new Set<string>();
  /** Per lane: the position it starts at (its fork point, or its first row) and its last row. */
  const spans: { start: number; end: number }[] = [];
  oldestFirst.forEach((row, position) => {
    const parentPosition = row.parentKey === null ? undefined : positionOf.get(row.parentKey);
    let lane: number;
    if (parentPosition !== undefined && !continued.has(row.parentKey!)) {
      lane = laneOf[parentPosition]!;
      continued.add(row.parentKey!);
      spans[lane]!.end = position;
    } else {
      lane = spans.length;
      spans.push({ start: parentPosition ?? position, end: position });
      if (parentPosition !== undefined) continued.add(row.parentKey!);
    }
    laneOf[position] = lane;
  });
  const rows = oldestFirst.map((row, position): LaneRow => {
    const lane = laneOf[position]!;
    const span = spans[lane]!;
    const hasParentRow = row.parentKey !== null;
    return {
      lane,
      through: spans
        .map((other, index) => ({ other, index }))
        .filter(
          ({ other, index }) => index !== lane && other.start < position && position < other.end,
        )
        .map(({ index }) => index),
      up: position < span.end,
      down: hasParentRow && (span.start < position || positionOf.get(row.parentKey!) === undefined),
      forksUp: spans
        .map((other, index) => ({ other, index }))
        .filter(({ other, index }) => index !== lane && other.start === position)
        .map(({ index }) => index),
    };
  });
  return { rows: rows.reverse(), laneCount: Math.max(1, spans.length) };
}
