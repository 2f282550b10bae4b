import type { Version } from "@durabledict/core";
import { epochVersion } from "@durabledict/core/adapter";
import type { Stat } from "node-zookeeper-client";

/**
 * `<root's czxid>.<data version>.<child version>@<session epoch>:<mark>`, counters stepped back by `writes`
 * and `creates`. The mark counts the changes this session's watches saw, so that a write that does not bump
 * the root (the Python original's) moves the version too; a recreated root starts a new series.
 */
export function versionToken(root: Stat, epoch: string, mark: number, writes = 0, creates = 0): string {
  const series = `${root.czxid.toString("hex")}.${root.version - writes}.${root.cversion - creates}`;
  return epochVersion.format(`${series}@${epoch}`, mark);
}

/** The root's creation zxid, the epoch and the mark of a token made by {@link versionToken}. */
export function parseVersionToken(version: Version) {
  const match = typeof version === "string" ? /^(\w+)\.\d+\.\d+@(\w+):(\d+)$/.exec(version) : null;
  return match ? { czxid: match[1]!, epoch: match[2]!, mark: Number(match[3]) } : undefined;
}
