import { formatTick, type LineChartSpec, renderLineChart } from "../src/report/svg-line-chart.js";
import { findAll, parseXml, textOf, type XmlElement } from "./support/parse-xml.js";

const byClass = (root: XmlElement, className: string) =>
  findAll(root, (element) => element.attributes.class === className);

/** The polyline's points as [svgX, svgY] pairs, in drawing order. */
function polylinePoints(group: XmlElement): [number, number][] {
  const [polyline] = findAll(group, (element) => element.name === "polyline");
  const points = polyline!.attributes.points!.trim();
  if (points === "") return [];
  return points.split(" ").map((pair) => pair.split(",").map(Number) as [number, number]);
}

function seriesGroups(root: XmlElement): Map<string, XmlElement> {
  return new Map(byClass(root, "series").map((group) => [group.attributes["data-series"]!, group]));
}

const SPEC: LineChartSpec = {
  title: "put p50 latency vs checkpoints",
  xLabel: "checkpoints in the thread",
  yLabel: "p50 ms",
  xScale: "log",
  series: [
    {
      name: "growing",
      points: [
        { x: 100, y: 1 },
        { x: 1000, y: 2 },
        { x: 10_000, y: 4 },
      ],
    },
    {
      name: "flat",
      points: [
        { x: 100, y: 3 },
        { x: 1000, y: 3 },
      ],
    },
    { name: "skipped everything", points: [] },
  ],
};

describe("renderLineChart", () => {
  it("writes well-formed XML with an svg root, even for names that need escaping", () => {
    const name = `Tiered <Redis → "Postgres"> & 'friends'`;
    const svg = renderLineChart({ ...SPEC, series: [{ name, points: [{ x: 1, y: 1 }] }] });
    const root = parseXml(svg);
    expect(root.name).toBe("svg");
    expect(root.attributes.xmlns).toBe("http://www.w3.org/2000/svg");
    expect([...seriesGroups(root).keys()]).toEqual([name]);
    expect(byClass(root, "legend").map(textOf)).toEqual([name]);
  });

  it("draws one polyline per series and names every series in the legend", () => {
    const root = parseXml(renderLineChart(SPEC));
    const groups = seriesGroups(root);
    expect([...groups.keys()]).toEqual(["growing", "flat", "skipped everything"]);
    for (const group of groups.values()) {
      expect(findAll(group, (element) => element.name === "polyline")).toHaveLength(1);
    }
    expect(findAll(root, (element) => element.name === "polyline")).toHaveLength(3);
    expect(polylinePoints(groups.get("growing")!)).toHaveLength(3);
    expect(byClass(root, "legend").map(textOf)).toEqual([
      "growing",
      "flat",
      "skipped everything (no data)",
    ]);
  });

  it("labels both axes and the chart, and says when the x axis is logarithmic", () => {
    const root = parseXml(renderLineChart(SPEC));
    expect(byClass(root, "chart-title").map(textOf)).toEqual([SPEC.title]);
    expect(byClass(root, "x-label").map(textOf)).toEqual(["checkpoints in the thread (log scale)"]);
    expect(byClass(root, "y-label").map(textOf)).toEqual(["p50 ms"]);
    expect(byClass(root, "x-tick").map(textOf)).toEqual(["100", "1k", "10k"]);
    const linear = parseXml(renderLineChart({ ...SPEC, xScale: "linear" }));
    expect(byClass(linear, "x-label").map(textOf)).toEqual(["checkpoints in the thread"]);
  });

  it("maps larger x further right and larger y higher up, from a y axis starting at 0", () => {
    const root = parseXml(renderLineChart(SPEC));
    const growing = polylinePoints(seriesGroups(root).get("growing")!);
    for (let index = 1; index < growing.length; index++) {
      expect(growing[index]![0]).toBeGreaterThan(growing[index - 1]![0]);
      // SVG y grows downwards: a higher value sits at a smaller y.
      expect(growing[index]![1]).toBeLessThan(growing[index - 1]![1]);
    }
    const flat = polylinePoints(seriesGroups(root).get("flat")!);
    expect(flat[0]![1]).toBe(flat[1]![1]);
    // Same x, higher value (3 vs 1): higher on the chart.
    expect(flat[0]![1]).toBeLessThan(growing[0]![1]);
    const yTicks = byClass(root, "y-tick");
    expect(textOf(yTicks[0]!)).toBe("0");
    expect(Number(yTicks.at(-1)!.attributes.y)).toBeLessThan(Number(yTicks[0]!.attributes.y));
  });

  it("spaces decades evenly on a log axis and values evenly on a linear one", () => {
    const points = [
      { x: 100, y: 1 },
      { x: 1000, y: 1 },
      { x: 10_000, y: 1 },
    ];
    const spacing = (xScale: "log" | "linear") => {
      const root = parseXml(renderLineChart({ ...SPEC, xScale, series: [{ name: "s", points }] }));
      const [a, b, c] = polylinePoints(seriesGroups(root).get("s")!).map(([x]) => x);
      return [b! - a!, c! - b!];
    };
    const [logFirst, logSecond] = spacing("log");
    expect(logFirst).toBeCloseTo(logSecond!, 1);
    const [linearFirst, linearSecond] = spacing("linear");
    expect(linearSecond! / linearFirst!).toBeCloseTo(10, 1);
  });

  it("leaves out values it cannot place instead of drawing NaN", () => {
    const svg = renderLineChart({
      ...SPEC,
      series: [
        {
          name: "gappy",
          points: [
            { x: 0, y: 1 },
            { x: 10, y: Number.NaN },
            { x: 100, y: 2 },
            { x: 1000, y: Number.POSITIVE_INFINITY },
          ],
        },
      ],
    });
    expect(svg).not.toMatch(/NaN|Infinity/);
    // x = 0 has no place on a log axis; only x = 100 remains.
    expect(polylinePoints(seriesGroups(parseXml(svg)).get("gappy")!)).toHaveLength(1);
  });
});

describe("formatTick", () => {
  it("shortens thousands and millions", () => {
    expect(formatTick(100_000)).toBe("100k");
    expect(formatTick(1500)).toBe("1.5k");
    expect(formatTick(2_000_000)).toBe("2M");
    expect(formatTick(0.25)).toBe("0.25");
  });
});
