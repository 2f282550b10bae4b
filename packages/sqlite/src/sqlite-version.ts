import type { Version } from "@durabledict/core";

/** The dict's version as stored: a random epoch, fixed until the version row is lost, and a counter. */
export interface VersionRow {
  epoch: string;
  counter: number;
  /** Deletions at or below this counter were forgotten: `changesSince` cannot answer for older versions. */
  horizon: number;
}

/** The version `lastUpdated()` reports: `<epoch>:<counter>`, so a recreated row never repeats an old one. */
export function formatVersion(row: VersionRow | undefined): Version {
  return row === undefined ? undefined : `${row.epoch}:${row.counter}`;
}

/** The counter of `version` when it belongs to `row`'s epoch, else `undefined`. */
export function counterIn(version: Version, row: VersionRow): number | undefined {
  if (typeof version !== "string") return undefined;
  const at = version.lastIndexOf(":");
  if (version.slice(0, at) !== row.epoch) return undefined;
  const counter = Number(version.slice(at + 1));
  return Number.isSafeInteger(counter) ? counter : undefined;
}
