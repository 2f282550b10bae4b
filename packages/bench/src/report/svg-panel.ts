/** One horizontal bar of a {@link panel}. */
export interface Bar {
  label: string;
  value: number;
  /** Text after the bar. */
  text: string;
  color: string;
}

/** A titled chart of horizontal bars on a log axis. */
export interface PanelSpec {
  title: string;
  subtitle: string;
  bars: Bar[];
  /** The axis range (values outside are clamped) and its labelled ticks. */
  domain: [number, number];
  ticks: { at: number; label: string }[];
  /** A vertical reference line, e.g. the target. */
  reference?: { at: number; label: string };
}

export const width = 1400;
const labelWidth = 620;
const plotWidth = 440;
const rowHeight = 22;
const headerHeight = 52;
const axisHeight = 26;

/** Draws `spec` with its top at `top`; returns the SVG and the height it used. */
export function panel(spec: PanelSpec, top: number): { svg: string; height: number } {
  const [lo, hi] = spec.domain;
  const x = (value: number) => {
    const clamped = Math.min(hi, Math.max(lo, value));
    return (
      labelWidth + ((Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotWidth
    );
  };
  const plotTop = top + headerHeight;
  const plotBottom = plotTop + spec.bars.length * rowHeight;
  const parts = [
    `<text x="16" y="${top + 22}" class="title">${escapeXml(spec.title)}</text>`,
    `<text x="16" y="${top + 40}" class="sub">${escapeXml(spec.subtitle)}</text>`,
  ];
  for (const tick of spec.ticks) {
    const at = x(tick.at);
    parts.push(`<line x1="${at}" y1="${plotTop - 4}" x2="${at}" y2="${plotBottom}" class="grid"/>`);
    parts.push(`<text x="${at}" y="${plotBottom + 16}" class="tick">${escapeXml(tick.label)}</text>`);
  }
  spec.bars.forEach((bar, i) => {
    const y = plotTop + i * rowHeight;
    const end = x(bar.value);
    parts.push(`<text x="${labelWidth - 10}" y="${y + 15}" class="label">${escapeXml(bar.label)}</text>`);
    parts.push(
      `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, end - labelWidth)}" height="${rowHeight - 8}" fill="${bar.color}"/>`,
    );
    parts.push(
      `<text x="${labelWidth + plotWidth + 10}" y="${y + 15}" class="value">${escapeXml(bar.text)}</text>`,
    );
  });
  if (spec.reference) {
    const at = x(spec.reference.at);
    parts.push(`<line x1="${at}" y1="${plotTop - 8}" x2="${at}" y2="${plotBottom + 2}" class="reference"/>`);
    parts.push(
      `<text x="${at}" y="${plotTop - 12}" class="reflabel">${escapeXml(spec.reference.label)}</text>`,
    );
  }
  return { svg: parts.join("\n"), height: headerHeight + spec.bars.length * rowHeight + axisHeight + 18 };
}

/** Log-axis ticks at the powers of ten from `lo` to `hi`. */
export function decades(lo: number, hi: number, unit = ""): { at: number; label: string }[] {
  const ticks = [];
  for (let at = lo; at <= hi * 1.0001; at *= 10) {
    ticks.push({ at, label: `${Number(at.toPrecision(1))}${unit}` });
  }
  return ticks;
}

/** Escapes text for SVG. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
