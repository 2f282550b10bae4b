import type { ResultRow } from "../result.js";
import { formatNumber, formatRatio } from "./format.js";
import { machineLine } from "./machine.js";
import type { Report } from "./report.js";
import { type Bar, decades, escapeXml, type PanelSpec, panel, width } from "./svg-panel.js";

const met = "#2e8540";
const missed = "#d83933";
const neutral = "#4a77b4";
const light = "#9bb8dd";

/**
 * The report as an SVG image: every ratio that has a target, as a multiple of its target on a log axis
 * (the line at 1 is the target: a bar reaching past it met it); then propagation times; then the peers.
 */
export function toSvg(report: Report): string {
  const panels: PanelSpec[] = [];
  const targeted = report.rows.filter((row) => row.target !== undefined && row.ratio !== undefined);
  if (targeted.length > 0) {
    panels.push({
      title: "Each ratio against its target",
      subtitle: "Bar length = ratio ÷ target (log scale). Green reached the target line, red did not.",
      bars: targeted.map(targetBar),
      domain: [0.01, 1000],
      ticks: [
        { at: 0.01, label: "target ÷ 100" },
        { at: 0.1, label: "÷ 10" },
        { at: 1, label: "target" },
        { at: 10, label: "× 10" },
        { at: 100, label: "× 100" },
        { at: 1000, label: "× 1000" },
      ],
      reference: { at: 1, label: "target" },
    });
  }
  const propagation = report.rows.filter((row) => row.section === "propagation");
  if (propagation.length > 0) {
    panels.push({
      title: "Propagation: a write here, seen by another process",
      subtitle: "p50 (dark) and p99 (light) in milliseconds, log scale; shorter is better.",
      bars: propagation.map((row) => ({
        label: row.subject,
        value: row.value,
        text: `${formatNumber(row.value)} ms`,
        color: row.subject.endsWith("p99") ? light : neutral,
      })),
      domain: [0.1, 1000],
      ticks: decades(0.1, 1000, " ms"),
    });
  }
  const peers = report.rows.filter((row) => row.section === "peers" && row.ratio !== undefined);
  if (peers.length > 0) {
    panels.push({
      title: "Peers on the same Redis, as a multiple of one raw ioredis call",
      subtitle: "ops/s ÷ the raw GET (reads) or SET (writes) rate, log scale; longer is faster.",
      bars: peers.map((row) => ({
        label: row.subject,
        value: row.ratio!,
        text: `${formatRatio(row.ratio!)} (${formatNumber(row.value)} ops/s)`,
        color: row.subject.startsWith("durabledict") ? met : neutral,
      })),
      domain: [0.1, 1000],
      ticks: decades(0.1, 1000, "×"),
      reference: { at: 1, label: "raw driver" },
    });
  }
  const memory = report.rows.filter((row) => row.section === "memory");
  if (memory.length > 0) {
    panels.push({
      title: "Heap per cached entry",
      subtitle: "Bytes of heap per entry of a 100,000-flag dict, log scale; shorter is leaner.",
      bars: memory.map((row) => ({
        label: row.subject,
        value: row.value,
        text: `${formatNumber(row.value)} bytes`,
        color: row.subject.startsWith("durabledict") ? met : neutral,
      })),
      domain: [10, 10_000],
      ticks: decades(10, 10_000, " B"),
    });
  }
  let top = 56;
  const drawn = panels.map((spec) => {
    const { svg, height } = panel(spec, top);
    top += height;
    return svg;
  });
  const header = `durabledict benchmark — ${report.startedAt.slice(0, 16).replace("T", " ")} UTC — ${machineLine(report.machine)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top}" viewBox="0 0 ${width} ${top}" font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeXml(header)}: each ratio against its target, propagation times, peers, heap per entry</title>`,
    "<style>",
    ".title{font-size:16px;font-weight:bold;fill:#1b1b1b}.sub{font-size:12px;fill:#555}",
    ".label{font-size:12px;fill:#1b1b1b;text-anchor:end}.value{font-size:12px;fill:#1b1b1b}",
    ".tick{font-size:11px;fill:#555;text-anchor:middle}.grid{stroke:#ddd;stroke-width:1}",
    ".reference{stroke:#1b1b1b;stroke-width:2;stroke-dasharray:4 3}.reflabel{font-size:11px;fill:#1b1b1b;text-anchor:middle}",
    ".head{font-size:13px;fill:#1b1b1b}",
    "</style>",
    `<rect width="${width}" height="${top}" fill="#ffffff"/>`,
    `<text x="16" y="30" class="head">${escapeXml(header)}</text>`,
    ...drawn,
    "</svg>",
    "",
  ].join("\n");
}

function targetBar(row: ResultRow): Bar {
  const ratio = row.ratio!;
  const target = row.target!;
  return {
    label: `${row.section} · ${row.subject} vs ${row.baseline?.subject ?? "?"}`,
    value: ratio / target,
    text: `${formatRatio(ratio)} (target ≥ ${formatRatio(target)})`,
    color: row.met ? met : missed,
  };
}
