/** A figure as the report prints it: three significant digits or so, a dash for none. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString("en-US");
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${formatNumber(value)}×`;
}
