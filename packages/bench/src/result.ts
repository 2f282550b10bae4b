/** Which measurement a row belongs to, in the order the report shows them. */
export type Section =
  | "local reads"
  | "strict reads"
  | "writes"
  | "sync cost"
  | "propagation"
  | "peers"
  | "memory";

/** One measured quantity, with what it is compared to in the same run. */
export interface ResultRow {
  section: Section;
  /** What was measured, e.g. `redis get (autosync off)`. */
  subject: string;
  /** The measured value, in `unit`. */
  value: number;
  unit: "ops/s" | "ms" | "bytes" | "bytes/entry";
  /** What the subject is compared to, measured in the same run; absent for rows reported on their own. */
  baseline?: { subject: string; value: number };
  /**
   * The comparison as one number where higher is better: `value / baseline` for rates, `baseline / value`
   * for costs (so "100× cheaper" reads 100).
   */
  ratio?: number;
  /** The ratio the issue asks for; `met` says whether `ratio >= target`. */
  target?: number;
  met?: boolean;
  /** Anything a reader needs to read the row right: sizes, modes, caveats. */
  note?: string;
}

/** Builds a row comparing `value` with `baseline`, where a higher value is better (a rate). */
export function rateRow(row: Omit<ResultRow, "ratio" | "met">): ResultRow {
  const ratio = row.baseline ? row.value / row.baseline.value : undefined;
  return withVerdict({ ...row, ratio });
}

/** Builds a row comparing `value` with `baseline`, where a lower value is better (a time, a byte count). */
export function costRow(row: Omit<ResultRow, "ratio" | "met">): ResultRow {
  const ratio = row.baseline && row.value > 0 ? row.baseline.value / row.value : undefined;
  return withVerdict({ ...row, ratio });
}

function withVerdict(row: ResultRow): ResultRow {
  if (row.target === undefined || row.ratio === undefined) return row;
  return { ...row, met: row.ratio >= row.target };
}
