import { printable } from "./printable.js";

/**
 * Lays out rows as a plain-text table with a header, columns separated by two spaces, control characters
 * escaped. A line longer than `width` characters is cut with `…`.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
): string {
  const all = [header, ...rows].map((row) => row.map(printable));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) => {
    const cells = row.map((cell, column) =>
      column === row.length - 1 ? cell : cell.padEnd(widths[column]!),
    );
    const line = cells.join("  ");
    return line.length > width ? `${line.slice(0, Math.max(width - 1, 0))}…` : line;
  });
  return `${lines.join("\n")}\n`;
}
