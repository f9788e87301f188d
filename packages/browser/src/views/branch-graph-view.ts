import type { LaneRow } from "./branch-lanes.js";
import { html, type SafeHtml } from "./html.js";

const LANE_WIDTH = 18;
const ROW_HEIGHT = 36;
const MIDDLE = ROW_HEIGHT / 2;

const laneX = (lane: number) => lane * LANE_WIDTH + LANE_WIDTH / 2;

/**
 * One row's slice of the branch graph as inline SVG (presentation attributes only, so the
 * strict CSP needs no inline styles). Numbers only: nothing from the store goes in here.
 */
export function branchGraphCell(row: LaneRow, laneCount: number, marked: boolean): SafeHtml {
  const width = laneCount * LANE_WIDTH;
  const x = laneX(row.lane);
  const lines = [
    ...row.through.map(
      (lane) => html`<line x1="${laneX(lane)}" y1="0" x2="${laneX(lane)}" y2="${ROW_HEIGHT}"/>`,
    ),
    row.up ? html`<line x1="${x}" y1="0" x2="${x}" y2="${MIDDLE}"/>` : "",
    row.down ? html`<line x1="${x}" y1="${MIDDLE}" x2="${x}" y2="${ROW_HEIGHT}"/>` : "",
    ...row.forksUp.map(
      (lane) => html`<line class="fork" x1="${x}" y1="${MIDDLE}" x2="${laneX(lane)}" y2="0"/>`,
    ),
  ];
  return html`<svg class="lanes lane-${row.lane % 6}" width="${width}" height="${ROW_HEIGHT}" viewBox="0 0 ${width} ${ROW_HEIGHT}" aria-hidden="true">${lines}<circle class="${marked ? "dot interrupt" : "dot"}" cx="${x}" cy="${MIDDLE}" r="5"/></svg>`;
}
