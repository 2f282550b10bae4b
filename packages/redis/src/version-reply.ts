import type { Version, VersionStep } from "@durabledict/core";

/** A counter as Redis returns it: a number, or `undefined` when missing. Text that is not a count stays text, so it still compares. */
export function parseVersion(raw: string | number | null): Version {
  if (raw === null) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : String(raw);
}

/** The `{previous, version}` pair a write script returns as `[previous or nil, version]`. */
export function versionStep(reply: unknown): VersionStep {
  const [previous, version] = reply as [string | number | null, string | number];
  return { previous: parseVersion(previous), version: parseVersion(version) };
}
