/**
 * A Markdown table with every column padded to its widest cell, the layout the repository's
 * formatter (biome) gives tables, so the generated RESULTS.md passes `biome check` as written.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const escapePipes = (cell: string) => cell.replaceAll("|", "\\|");
  const escapedHeader = header.map(escapePipes);
  const escapedRows = rows.map((row) => row.map(escapePipes));
  const widths = escapedHeader.map((cell, column) =>
    Math.max(3, cell.length, ...escapedRows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? "").padEnd(width)).join(" | ")} |`;
  return [
    line(escapedHeader),
    `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`,
    ...escapedRows.map(line),
  ];
}
