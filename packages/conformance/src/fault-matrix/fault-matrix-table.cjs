// @ts-check
// The fault matrix as Markdown, from the entries each saver's run recorded. Plain CommonJS so
// `scripts/fault-matrix-table.cjs` can run it with bare Node (no TypeScript toolchain), and the
// spec prints the same table at the end of a run.

/** @typedef {import("./fault-matrix-table.d.cts").FaultMatrixEntry} FaultMatrixEntry */

const SHORT_CLASS = {
  BackendUnavailableError: "BackendUnavailable",
  InvalidConfigError: "InvalidConfig",
};

/** @param {FaultMatrixEntry} entry */
function cell(entry) {
  const { outcome } = entry;
  if (entry.operation === "recovery") {
    return entry.passed
      ? `works again, ${outcome.elapsedMs} ms`
      : `✗ still failing after ${outcome.elapsedMs} ms`;
  }
  const mark = entry.passed ? "" : "✗ ";
  if (outcome.settled === "still pending") return `${mark}pending > ${outcome.elapsedMs} ms`;
  if (outcome.settled === "resolved") return `${mark}resolved, ${outcome.elapsedMs} ms`;
  const errorClass = outcome.errorClass ?? "?";
  const short = /** @type {Record<string, string>} */ (SHORT_CLASS)[errorClass] ?? errorClass;
  return `${mark}${short}, ${outcome.elapsedMs} ms`;
}

/**
 * @template T
 * @param {readonly T[]} items
 * @param {(item: T) => string} keyOf
 * @returns {string[]}
 */
function distinct(items, keyOf) {
  return [...new Set(items.map(keyOf))];
}

/**
 * One table per saver: a row per fault, a column per operation, plus recovery.
 * @param {readonly FaultMatrixEntry[]} entries
 * @returns {string}
 */
function detailTables(entries) {
  const sections = [];
  for (const saver of distinct(entries, (entry) => entry.saver)) {
    const own = entries.filter((entry) => entry.saver === saver);
    const columns = distinct(own, (entry) => entry.operation);
    const lines = [
      `#### ${saver} (deadline ${own[0]?.deadlineMs ?? "?"} ms)`,
      "",
      `| fault | ${columns.join(" | ")} |`,
      `|---|${columns.map(() => "---").join("|")}|`,
    ];
    for (const fault of distinct(own, (entry) => entry.fault)) {
      const row = columns.map((operation) => {
        const entry = own.find((e) => e.fault === fault && e.operation === operation);
        return entry === undefined ? "—" : cell(entry);
      });
      lines.push(`| ${fault} | ${row.join(" | ")} |`);
    }
    sections.push(lines.join("\n"));
  }
  return sections.join("\n\n");
}

/**
 * Fault × saver: the error class(es) seen and the slowest operation's time to reject.
 * @param {readonly FaultMatrixEntry[]} entries
 * @returns {string}
 */
function summaryTable(entries) {
  const savers = distinct(entries, (entry) => entry.saver);
  const lines = [`| fault | ${savers.join(" | ")} |`, `|---|${savers.map(() => "---").join("|")}|`];
  for (const fault of distinct(entries, (entry) => entry.fault)) {
    const row = savers.map((saver) => {
      const own = entries.filter(
        (entry) => entry.saver === saver && entry.fault === fault && entry.operation !== "recovery",
      );
      if (own.length === 0) return "—";
      const failed = own.filter((entry) => !entry.passed).length;
      const classes = distinct(own, (entry) =>
        entry.outcome.settled === "rejected"
          ? /** @type {Record<string, string>} */ (
              SHORT_CLASS[entry.outcome.errorClass ?? ""] ?? entry.outcome.errorClass ?? "?"
            )
          : entry.outcome.settled,
      );
      const slowest = Math.max(...own.map((entry) => entry.outcome.elapsedMs));
      const verdict = failed === 0 ? "" : `✗ ${failed}/${own.length} failed: `;
      return `${verdict}${classes.join(" / ")}, ≤ ${slowest} ms`;
    });
    lines.push(`| ${fault} | ${row.join(" | ")} |`);
  }
  return lines.join("\n");
}

/**
 * @param {readonly FaultMatrixEntry[]} entries
 * @returns {string}
 */
function faultMatrixMarkdown(entries) {
  if (entries.length === 0) return "(no fault-matrix entries recorded)";
  return [
    "### Fault matrix: error class and slowest time to reject (✗ = not as documented)",
    "",
    summaryTable(entries),
    "",
    "### Per operation",
    "",
    detailTables(entries),
  ].join("\n");
}

module.exports = { faultMatrixMarkdown };
