import { epochVersion, withDeadline } from "@durabledict/core/adapter";
import type { Key, Transaction } from "@google-cloud/datastore";
import type { EntityGroup } from "./entity-group.js";
import type { VersionState } from "./version-state.js";

/** Most tombstones one deletion prunes, so its commit stays far below Datastore's 500 mutations. */
const maxPrunedPerCommit = 400;

/**
 * Once `state` counts more than `limit` tombstones, deletes the oldest in the same transaction, down to about
 * nine tenths of `limit` (so pruning runs once per many deletions), and raises the floor to the newest
 * pruned: from then on `changesSince` answers only for versions at or after it. Leaves alone the tombstone of
 * `writing`, which this transaction writes anew.
 * @returns the state to commit.
 */
export async function pruneTombstones(
  group: EntityGroup,
  tx: Transaction,
  state: VersionState,
  limit: number,
  writing: string,
  timeout: number,
): Promise<VersionState> {
  if (state.tombstones <= limit) return state;
  const wanted = Math.min(maxPrunedPerCommit, state.tombstones - limit + Math.ceil(limit / 10));
  // Two more: the version entity and `writing`'s old tombstone may sort among the oldest.
  const [oldest] = await withDeadline("runQuery", timeout, () =>
    tx.runQuery(group.oldestTombstones(wanted + 2), { gaxOptions: { timeout } }),
  );
  let { floor } = state;
  const pruned: Key[] = [];
  for (const entity of oldest) {
    const key = group.keyOf(entity);
    if (pruned.length === wanted || key === undefined) break;
    if (!group.isTombstone(entity) || key.name === writing) continue;
    pruned.push(key);
    const { v } = entity as { v?: unknown };
    const counter = epochVersion.counterIn(v, state.epoch);
    if (counter !== undefined) floor = Math.max(floor, counter);
  }
  tx.delete(pruned);
  return { ...state, tombstones: Math.max(0, state.tombstones - pruned.length), floor };
}
