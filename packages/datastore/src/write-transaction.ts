import type { Datastore, Entity, Key, Transaction } from "@google-cloud/datastore";
import type { EntityGroup } from "./entity-group.js";
import { type TransactionOutcome, type TransactionPolicy, transact } from "./transact.js";
import { nextVersion, readVersionState, type VersionState } from "./version-state.js";

/** What a write transaction found: the version entity's state, the entry and its tombstone. */
export interface Found {
  state: VersionState | undefined;
  entry: Entity | undefined;
  tombstone: Entity | undefined;
}

/** What a write's body decided, and its mutations given the version the write produces. */
export interface WriteDecision<T> {
  result: T;
  /** Adds the write's mutations to `tx` for the state `next`; absent when nothing is to be written. */
  mutate?: (tx: Transaction, next: VersionState) => VersionState | Promise<VersionState>;
}

/** What a write transaction produced: the body's result, and the version states before and after it wrote. */
export interface WriteOutcome<T> {
  result: T;
  previous?: VersionState;
  next?: VersionState;
}

/**
 * Runs one write transaction over the version entity and the entries (and tombstones) of `keys`. The body
 * gets what was found and decides; when it writes, the version entity is bumped in the same transaction.
 */
export function writeTransaction<T>(
  datastore: Datastore,
  group: EntityGroup,
  policy: TransactionPolicy,
  keys: string[],
  body: (found: Found) => WriteDecision<T>,
): Promise<WriteOutcome<T>> {
  const lookup: Key[] = [group.versionKey];
  for (const key of keys) lookup.push(group.entryKey(key), group.tombstoneKey(key));
  return transact<WriteOutcome<T>>(
    () => datastore.transaction(),
    lookup,
    policy,
    async (entities, tx): Promise<TransactionOutcome<WriteOutcome<T>>> => {
      const version = entities.find((entity) => group.isVersion(entity));
      const found: Found = {
        state: version && readVersionState(version),
        entry: entities.find((entity) => !group.isVersion(entity) && !group.isTombstone(entity)),
        tombstone: entities.find((entity) => group.isTombstone(entity)),
      };
      const { result, mutate } = body(found);
      if (mutate === undefined) return { result: { result }, wrote: false };
      const next = await mutate(tx, nextVersion(found.state));
      tx.save(group.version(next));
      return { result: { result, previous: found.state, next }, wrote: true };
    },
  );
}
