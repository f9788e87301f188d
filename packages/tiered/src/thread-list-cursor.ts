import {
  type CursorPart,
  decodeListingCursor,
  encodeListingCursor,
  invalidThreadCursor,
} from "@checkpointkit/core";

/**
 * Where the listing of one tier continues: the tier's own cursor of the page to read
 * (`null`: its first page), and how many threads of that page were listed already.
 */
export interface TierPosition {
  cursor: string | null;
  skip: number;
}

/** Both tiers' positions; `null` for a tier whose listing is over. */
export interface TieredThreadCursor {
  hot: TierPosition | null;
  cold: TierPosition | null;
  /** Redis was down: the listing goes on with the cold tier alone (see `listThreadsAcrossTiers`). */
  coldOnly: boolean;
}

/** Names the format in core's listing cursor: another saver's cursor is refused. */
const CURSOR_TAG = "tiered-1";
/** A skip is within one page of a tier's listing, at most 1000 threads. */
const MAX_SKIP = 1_000;
/** The skip of a tier whose listing is over. */
const OVER = -1;

/** A tier's position as two cursor parts: its cursor ("" = from the start) and the skip. */
function partsOf(position: TierPosition | null): CursorPart[] {
  return position === null ? ["", OVER] : [position.cursor ?? "", position.skip];
}

function positionOf(cursor: CursorPart | undefined, skip: CursorPart | undefined) {
  if (typeof cursor !== "string" || !Number.isSafeInteger(skip)) throw invalidThreadCursor();
  const count = skip as number;
  if (count === OVER && cursor === "") return null;
  if (count < 0 || count > MAX_SKIP) throw invalidThreadCursor();
  return { cursor: cursor === "" ? null : cursor, skip: count };
}

/**
 * Core's listing cursor (base64url JSON and a checksum: a damaged cursor is refused, not
 * followed) holding both tiers' positions. Each tier's own cursor in it is validated by that
 * tier when it is used.
 */
export function encodeThreadCursor(position: TieredThreadCursor): string {
  return encodeListingCursor(CURSOR_TAG, [
    ...partsOf(position.hot),
    ...partsOf(position.cold),
    position.coldOnly ? 1 : 0,
  ]);
}

/** What `encodeThreadCursor` wrote; anything else is core's `invalidThreadCursor()`. */
export function decodeThreadCursor(text: string): TieredThreadCursor {
  const [hotCursor, hotSkip, coldCursor, coldSkip, coldOnly] = decodeListingCursor(
    CURSOR_TAG,
    text,
    5,
  );
  if (coldOnly !== 0 && coldOnly !== 1) throw invalidThreadCursor();
  const position = {
    hot: positionOf(hotCursor, hotSkip),
    cold: positionOf(coldCursor, coldSkip),
    coldOnly: coldOnly === 1,
  };
  // A listing over in both tiers has no cursor: `nextCursor` was null.
  if (position.hot === null && position.cold === null) throw invalidThreadCursor();
  return position;
}
