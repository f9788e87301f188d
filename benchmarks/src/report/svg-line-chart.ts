/** One line of a chart: a saver's figure at each measured x. */
export interface ChartSeries {
  name: string;
  points: readonly { x: number; y: number }[];
}

/** What a line chart shows. Values that are not finite (or not positive on a log axis) are left out. */
export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** A log x axis spreads 100 / 1,000 / 100,000 evenly; it needs x > 0. @default "linear" */
  xScale?: "linear" | "log";
  series: readonly ChartSeries[];
  /** @default 900 */
  widthPx?: number;
  /** @default 420 */
  heightPx?: number;
}

/** Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito order). */
const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000"];
// The right margin holds the legend: saver labels run to about 45 characters.
const MARGIN = { top: 40, right: 320, bottom: 56, left: 72 };
const Y_TICKS = 5;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Short tick text: 100000 → 100k, 0.25 → 0.25, 1500 → 1.5k. */
export function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (magnitude >= 1000) return `${trim(value / 1000)}k`;
  return trim(value);
}

function trim(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** A round step so that about `count` ticks cover 0..max (1, 2 or 5 times a power of ten). */
function niceStep(max: number, count: number): number {
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((candidate) => candidate * power >= rough) ?? 10;
  return multiple * power;
}

function usablePoints(series: ChartSeries, logX: boolean): { x: number; y: number }[] {
  return series.points
    .filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y))
    .filter((point) => !logX || point.x > 0)
    .sort((a, b) => a.x - b.x);
}

const round = (value: number) => Number(value.toFixed(2));

/**
 * A self-contained SVG line chart: one polyline (with a dot per point) per series, x ticks at
 * the measured x values, y from 0 with round ticks, and a legend. No fonts, scripts or
 * external references, so it renders the same on GitHub as in a browser.
 */
export function renderLineChart(spec: LineChartSpec): string {
  const width = spec.widthPx ?? 900;
  const height = spec.heightPx ?? 420;
  const logX = spec.xScale === "log";
  const series = spec.series.map((line) => ({ name: line.name, points: usablePoints(line, logX) }));
  const xs = [...new Set(series.flatMap((line) => line.points.map((point) => point.x)))].sort(
    (a, b) => a - b,
  );
  const maxY = Math.max(0, ...series.flatMap((line) => line.points.map((point) => point.y)));
  const yStep = maxY > 0 ? niceStep(maxY, Y_TICKS) : 1;
  const yTop = Math.max(yStep, Math.ceil(maxY / yStep) * yStep);

  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const xPosition = (x: number) => (logX ? Math.log10(x) : x);
  const xMin = xs.length > 0 ? xPosition(xs[0]!) : 0;
  const xMax = xs.length > 0 ? xPosition(xs.at(-1)!) : 1;
  // A single x value sits in the middle rather than dividing by a zero-wide range.
  const mapX = (x: number) =>
    round(
      MARGIN.left +
        (xMax === xMin ? plotWidth / 2 : ((xPosition(x) - xMin) / (xMax - xMin)) * plotWidth),
    );
  const mapY = (y: number) => round(MARGIN.top + plotHeight - (y / yTop) * plotHeight);
  const bottom = MARGIN.top + plotHeight;
  const right = MARGIN.left + plotWidth;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="chart-title" x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (let tick = 0; tick <= yTop + yStep / 2; tick += yStep) {
    const y = mapY(tick);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e0e0e0"/>`,
      `<text class="y-tick" x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${escapeXml(formatTick(tick))}</text>`,
    );
  }
  for (const x of xs) {
    const position = mapX(x);
    parts.push(
      `<line x1="${position}" y1="${bottom}" x2="${position}" y2="${bottom + 5}" stroke="#333333"/>`,
      `<text class="x-tick" x="${position}" y="${bottom + 18}" text-anchor="middle">${escapeXml(formatTick(x))}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333333"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#333333"/>`,
    `<text class="x-label" x="${MARGIN.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(spec.xLabel + (logX ? " (log scale)" : ""))}</text>`,
    `<text class="y-label" x="18" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 18 ${MARGIN.top + plotHeight / 2})">${escapeXml(spec.yLabel)}</text>`,
  );
  series.forEach((line, index) => {
    const colour = PALETTE[index % PALETTE.length]!;
    const coordinates = line.points.map((point) => `${mapX(point.x)},${mapY(point.y)}`);
    parts.push(
      `<g class="series" data-series="${escapeXml(line.name)}">`,
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${coordinates.join(" ")}"/>`,
      ...line.points.map(
        (point) =>
          `<circle cx="${mapX(point.x)}" cy="${mapY(point.y)}" r="3" fill="${colour}"><title>${escapeXml(`${line.name}: ${formatTick(point.y)} at ${formatTick(point.x)}`)}</title></circle>`,
      ),
      "</g>",
    );
    const legendY = MARGIN.top + 8 + index * 20;
    parts.push(
      `<line x1="${right + 16}" y1="${legendY}" x2="${right + 36}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
      `<text class="legend" x="${right + 42}" y="${legendY + 4}">${escapeXml(line.points.length === 0 ? `${line.name} (no data)` : line.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
