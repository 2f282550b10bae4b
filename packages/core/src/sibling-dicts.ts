import type { Version } from "./version.js";

type Notify = (version?: Version) => void;

/**
 * Every listening dict of this process, by the scope of its store. Kept on a global symbol, so that dicts
 * loaded through two copies of core still hear of each other.
 */
const registry = globalThis as { [key: symbol]: Map<unknown, Set<Notify>> | undefined };
const registryKey = Symbol.for("durabledict.siblings");
registry[registryKey] ??= new Map<unknown, Set<Notify>>();
const byScope = registry[registryKey];

/** A dict's place among the dicts of this process whose stores share a scope. */
export interface Siblings {
  /** Tells the other dicts of the scope that this dict's write was acknowledged, at `version` when known. */
  announce(version?: Version): void;
  /** Stops listening. */
  leave(): void;
}

/**
 * Joins the dicts over `scope` (a store's `scope`, or the store object itself). A write acknowledged to one
 * of them reaches the others before the write resolves, where a watch notification (over another connection,
 * or only after a poll) could come later: so two dicts of one process read each other's writes at once.
 * @param onNotice - told of the others' writes; leave it out for a dict that only announces.
 */
export function joinSiblings(scope: unknown, onNotice?: Notify): Siblings {
  if (onNotice) {
    const members = byScope.get(scope) ?? new Set();
    byScope.set(scope, members.add(onNotice));
  }
  return {
    announce(version) {
      for (const notify of [...(byScope.get(scope) ?? [])]) if (notify !== onNotice) notify(version);
    },
    leave() {
      const members = byScope.get(scope);
      if (onNotice === undefined || members === undefined) return;
      members.delete(onNotice);
      if (members.size === 0) byScope.delete(scope);
    },
  };
}
