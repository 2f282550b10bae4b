import type { Stat } from "node-zookeeper-client";

/**
 * The root znode's counters that move with every write: its creation zxid (a recreated root starts a new
 * series), its data version (bumped in the same multi as every write of this adapter) and its child version
 * (bumped by every create and delete, whoever makes them).
 */
export interface RootCounters {
  czxid: string;
  dataVersion: number;
  childVersion: number;
}

/** The counters of a root stat. */
export function rootCounters(stat: Stat): RootCounters {
  return { czxid: stat.czxid.toString("hex"), dataVersion: stat.version, childVersion: stat.cversion };
}

/**
 * A version as the dict sees it: the root's counters, the session epoch (watches do not outlive a session) and
 * the count of watch events seen in it, so that a write by a client that does not bump the root (the Python
 * original) still changes the version.
 */
export function versionToken(counters: RootCounters, epoch: string, mark: number): string {
  return `${counters.czxid}.${counters.dataVersion}.${counters.childVersion}@${epoch}:${mark}`;
}

/** The epoch and event count inside a token made by {@link versionToken}; `undefined` for anything else. */
export function parseVersionToken(version: unknown): { epoch: string; mark: number } | undefined {
  if (typeof version !== "string") return undefined;
  const match = /@([^:@]+):(\d+)$/.exec(version);
  return match ? { epoch: match[1]!, mark: Number(match[2]) } : undefined;
}
