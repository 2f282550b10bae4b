import type { ResultRow } from "../result.js";

/** A number with about three significant digits and thousands separators: `12,300`, `4.56`, `0.0123`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString("en");
  if (magnitude === 0) return "0";
  return Number(value.toPrecision(3)).toString();
}

/** A row's value with its unit: `12,300 ops/s`, `0.412 ms`. */
export function formatValue(row: Pick<ResultRow, "value" | "unit">): string {
  return `${formatNumber(row.value)} ${row.unit}`;
}

/** A ratio as `0.43×`. */
export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio)}×`;
}

/** How far a missed target was missed, e.g. `missed by 57%` (the ratio is 43% of the target). */
export function shortfall(row: ResultRow): string {
  if (row.ratio === undefined || row.target === undefined) return "";
  if (row.met) return "met";
  const percent = Math.round((1 - row.ratio / row.target) * 100);
  return percent < 1 ? "missed by <1%" : `missed by ${percent}%`;
}
