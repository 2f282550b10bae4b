import type { Version } from "@durabledict/core";
import { epochVersion } from "@durabledict/core/adapter";
import type { Stat } from "node-zookeeper-client";

/**
 * A version as the dict sees it, `<czxid>.<dataVersion>.<cversion>@<session epoch>:<event mark>`: the root's
 * creation zxid (a recreated root starts a new series), its data version (bumped in the same multi as every
 * write of this adapter) and its child version (bumped by every create and delete, whoever makes them); then
 * the count of events this session's watches reported, so that a write by a client that does not bump the
 * root (the Python original) moves the version too. Marks do not outlive a session, as watches do not.
 * `writes` and `creates` step the root's counters back, to the version before a write.
 */
export function versionToken(root: Stat, epoch: string, mark: number, writes = 0, creates = 0): string {
  const series = `${root.czxid.toString("hex")}.${root.version - writes}.${root.cversion - creates}`;
  return epochVersion.format(`${series}@${epoch}`, mark);
}

/** The root's creation zxid, the epoch and the mark of a token made by {@link versionToken}. */
export function parseVersionToken(
  version: Version,
): { czxid: string; epoch: string; mark: number } | undefined {
  const match = typeof version === "string" ? /^(\w+)\.\d+\.\d+@(\w+):(\d+)$/.exec(version) : null;
  return match ? { czxid: match[1]!, epoch: match[2]!, mark: Number(match[3]) } : undefined;
}
