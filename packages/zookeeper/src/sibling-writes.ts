type Listener = (keys: readonly string[]) => void;

const byPath = new Map<string, Set<Listener>>();

/** A store's place among the stores of this process on the same root path. */
export interface Siblings {
  /** Tells the other stores on the path which keys this one just wrote. */
  announce(keys: readonly string[]): void;
  /** Leaves the path. */
  leave(): void;
}

/**
 * Lets stores of one process on one path hear of each other's writes before the write resolves, where a
 * watch notification (on another connection) may arrive later: two dicts in one process then read each
 * other's acknowledged writes at once. A store on another ensemble with the same path only re-reads a key
 * it did not need to.
 */
export function joinSiblings(path: string, onWrite: Listener): Siblings {
  let listeners = byPath.get(path);
  if (!listeners) {
    listeners = new Set();
    byPath.set(path, listeners);
  }
  const own = listeners;
  own.add(onWrite);
  return {
    announce(keys) {
      for (const listener of own) if (listener !== onWrite) listener(keys);
    },
    leave() {
      own.delete(onWrite);
      if (own.size === 0 && byPath.get(path) === own) byPath.delete(path);
    },
  };
}
