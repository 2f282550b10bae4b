import type { ResultRow, Section } from "../result.js";
import { formatRatio, formatValue, shortfall } from "./format.js";
import { machineLine } from "./machine.js";
import type { Report } from "./report.js";

const sectionIntro: Record<Section, string> = {
  "local reads":
    "`get` on a synced dict against `Map.get` over the same values in the same process. Target ≥ 0.5×.",
  "strict reads":
    "`get` with `autosync: true` and no watch (a version check per read) against the driver's cheapest round trip. Target ≥ 0.9× (SQLite ≥ 0.75×; none for the memory store, which has no driver below it).",
  writes:
    "`set` of an existing key against the driver's single write to the same server, and against the floor of an atomic write with a version on that driver (Redis: `EVALSHA` of an `HSET` + `INCR` script; SQLite: `BEGIN IMMEDIATE`, upsert, change-log row, `COMMIT`; ZooKeeper: a `multi` of two `setData`; PostgreSQL: an upsert and a version bump in one statement); then the rate at the largest size against the smallest (target ≥ 0.8×). Each adapter's targets are in the target column.",
  "sync cost":
    "One change made by another instance, applied with `sync()`, against a full reload of the same dict. Ratio = how many times cheaper. Target ≥ 100×.",
  propagation:
    "From the start of `set` in this process to a second Node process seeing the value (its line read back here; one clock).",
  peers:
    "Other libraries a TypeScript user might pick, on the same Redis, as a multiple of one raw ioredis call.",
  memory:
    "Heap bytes per cached entry (after forced GC, in this suite only) against a plain `Map` of the same decoded values. Ratio = the Map's bytes ÷ the dict's; target ≤ 1.15× the Map's bytes, so ratio ≥ 0.87×.",
};

const order: Section[] = [
  "local reads",
  "strict reads",
  "writes",
  "sync cost",
  "propagation",
  "peers",
  "memory",
];

/** The report as Markdown: a header naming the machine, one table per section, the missed targets. */
export function toMarkdown(report: Report): string {
  const lines = [
    "# durabledict benchmark",
    "",
    `Taken ${report.startedAt} on ${machineLine(report.machine)}; scale \`${report.scale}\`, ${Math.round(report.durationSeconds)} s.`,
    "Every ratio compares two things measured in the same run, interleaved sample by sample (A, B, A, B, …; a round trip is one sample, fast local operations a short batch), with no forced garbage collection in between; the median time per operation counts.",
    "",
    `Adapters: ${report.adapters.measured.join(", ")}.${report.adapters.skipped.length ? ` Not measured: ${report.adapters.skipped.map((s) => `${s.adapter} (${s.why})`).join(", ")}.` : ""}`,
    "",
  ];
  for (const section of order) {
    const rows = report.rows.filter((row) => row.section === section);
    if (rows.length === 0) continue;
    lines.push(`## ${capitalise(section)}`, "", sectionIntro[section], "");
    lines.push("| measured | value | compared with | ratio | target | verdict | note |");
    lines.push("|---|--:|---|--:|--:|---|---|");
    for (const row of rows) lines.push(tableRow(row));
    lines.push("");
  }
  if (report.failures.length > 0) {
    lines.push("## Failed", "");
    for (const failure of report.failures) lines.push(`- ${failure.what}: ${failure.error}`);
    lines.push("");
  }
  const missed = report.rows.filter((row) => row.met === false);
  lines.push("## Targets missed", "");
  if (missed.length === 0) lines.push("None.");
  for (const row of missed) {
    lines.push(
      `- ${row.section}: ${row.subject} — ${formatRatio(row.ratio!)} against a target of ${formatRatio(row.target!)} (${shortfall(row)}).`,
    );
  }
  lines.push("", "See the package README for what each row means and why a target is missed.", "");
  return lines.join("\n");
}

function tableRow(row: ResultRow): string {
  const cells = [
    row.subject,
    formatValue(row),
    row.baseline
      ? `${row.baseline.subject}: ${formatValue({ value: row.baseline.value, unit: row.unit })}`
      : "",
    row.ratio === undefined ? "" : formatRatio(row.ratio),
    row.target === undefined ? "" : `≥ ${formatRatio(row.target)}`,
    row.met === undefined ? "" : row.met ? "✅ met" : `❌ ${shortfall(row)}`,
    row.note ?? "",
  ];
  return `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
