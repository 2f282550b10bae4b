import type { DurableStore } from "../../src/index.js";

type Holdable = "lastUpdated" | "durables";

/**
 * A store over a Map with a numeric version, written in the tests themselves, with switches that stage
 * what a real store does now and then: a call held until released (a sync in flight), or a store that goes
 * down the way a driver with an offline queue does (writes fail, version checks never answer).
 */
export function mapStore(name = "map") {
  const entries = new Map<string, string>();
  let version = 0;
  let down = false;
  const holding = new Set<Holdable>();
  const held: (() => void)[] = [];
  const heldWatchers: (() => void)[] = [];
  const gate = async (method: Holdable) => {
    if (!holding.has(method)) return;
    const answer = new Promise<void>((resolve) => held.push(resolve));
    for (const notify of heldWatchers.splice(0)) notify();
    await answer;
  };
  const store: DurableStore<string> = {
    name,
    async persist(key, payload) {
      if (down) throw new Error("connection lost");
      entries.set(key, payload);
      return { previous: version, version: ++version };
    },
    async depersist(key) {
      if (!entries.delete(key)) return { existed: false };
      return { existed: true, previous: version, version: ++version };
    },
    async durables() {
      const snapshot = new Map(entries);
      await gate("durables");
      return snapshot;
    },
    async lastUpdated() {
      if (down) return new Promise(() => {});
      const seen = version;
      await gate("lastUpdated");
      return seen;
    },
  };
  return {
    store,
    /** Writes as another process would: the dict learns of it only through the store. */
    writeFromElsewhere(key: string, value: unknown) {
      entries.set(key, JSON.stringify(value));
      version++;
    },
    /** Holds every later call of `method` (after it has read the store) until `release`. */
    hold(method: Holdable) {
      holding.add(method);
    },
    /** Resolves once a call is being held (at once if one already is). */
    heldCall(): Promise<void> {
      if (held.length > 0) return Promise.resolve();
      return new Promise((resolve) => heldWatchers.push(resolve));
    },
    /** Stops holding, and lets every held call answer. */
    release() {
      holding.clear();
      for (const resolve of held.splice(0)) resolve();
    },
    /** The store's version now, as a store with synchronous reads would answer it. */
    version: () => version,
    /** Writes fail from now on and version checks never answer. */
    goDown() {
      down = true;
    },
  };
}
