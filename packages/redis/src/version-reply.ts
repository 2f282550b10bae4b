import type { Version } from "@durabledict/core";

/** A counter as Redis returns it: a number, or `undefined` when missing. Text that is not a count stays text, so it still compares. */
export function parseVersion(raw: string | number | null): Version {
  if (raw === null) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : String(raw);
}
