import { epochVersion } from "@durabledict/core/adapter";
import type { Entity, Query } from "@google-cloud/datastore";
import type { EntityGroup } from "./entity-group.js";
import { entryPayload } from "./entry-payload.js";
import { type EpochCounter, readVersionState, type VersionState } from "./version-state.js";

/** What changed after a version, as two ancestor queries found it. */
export interface FoundChanges {
  /** The version entity, as the query that found the tombstones read it. */
  state: VersionState;
  /** The entity counter up to which `changed` and `deleted` hold every write (at most `state.counter`). */
  complete: number;
  changed: Map<string, string>;
  deleted: string[];
}

/** The counter of an entity's stamp `v`, when it is a stamp of `epoch`. */
function counterOf(entity: object, epoch: string): number | undefined {
  return epochVersion.counterIn((entity as { v?: unknown }).v, epoch);
}

/**
 * The entries written and deleted after `since`: two ancestor queries over the `v` index, run at once — the
 * entries written after it, and the version entity with the tombstones from it on (kindless queries cannot
 * filter on a property, and the tombstones must not be of the entries' kind). `undefined` when they cannot
 * answer: the version entity left the epoch of `since` (deleted, or never stamped), or tombstones after
 * `since` may have been pruned.
 *
 * The two queries may see the store at different moments. Per key the later stamp wins; and the changes are
 * claimed complete only up to what both queries are known to have seen: the version entity's counter when
 * the entries query saw a write at least as new, or when every write after the newest entry it saw left a
 * tombstone the other query found; else the newest entry it saw. A superset at worst, never a miss.
 */
export async function findChanges(
  group: EntityGroup,
  run: (query: Query) => Promise<Entity[]>,
  since: EpochCounter,
): Promise<FoundChanges | undefined> {
  const [entries, records] = await Promise.all([
    run(group.entriesAfter(since)),
    run(group.versionRecordsFrom(since)),
  ]);
  const found = records.find((entity) => group.isVersion(entity));
  const state = readVersionState(found);
  if (state === undefined || state.epoch !== since.epoch || since.counter < state.floor) return undefined;

  const written = new Map<string, { counter: number; payload: string }>();
  let newestEntry = since.counter;
  for (const entity of entries) {
    const name = group.nameOf(entity);
    const counter = counterOf(entity, since.epoch);
    if (name === undefined || counter === undefined) continue;
    written.set(name, { counter, payload: entryPayload(entity) });
    newestEntry = Math.max(newestEntry, counter);
  }
  const removed = new Map<string, number>();
  for (const entity of records) {
    const name = group.nameOf(entity);
    const counter = counterOf(entity, since.epoch);
    if (!group.isTombstone(entity) || name === undefined || counter === undefined) continue;
    if (counter > since.counter) removed.set(name, counter);
  }

  const changed = new Map<string, string>();
  for (const [name, { counter, payload }] of written)
    if ((removed.get(name) ?? 0) < counter) changed.set(name, payload);
  const deleted = [...removed].filter(([name, counter]) => (written.get(name)?.counter ?? 0) < counter);
  const complete = completeUpTo(state.counter, newestEntry, removed);
  return { state, complete, changed, deleted: deleted.map(([name]) => name) };
}

/** See {@link findChanges}: how far both queries are known to have seen. */
function completeUpTo(current: number, newestEntry: number, removed: Map<string, number>): number {
  if (newestEntry >= current) return current;
  if (current - newestEntry > removed.size) return newestEntry;
  const deletions = new Set(removed.values());
  for (let counter = newestEntry + 1; counter <= current; counter++)
    if (!deletions.has(counter)) return newestEntry;
  return current;
}
