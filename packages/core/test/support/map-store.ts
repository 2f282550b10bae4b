import type { DurableStore } from "../../src/index.js";

/**
 * A store over a Map with a numeric version, written in the test itself, with a switch that holds
 * `lastUpdated` answers until released (to stage a sync that is in flight).
 */
export function mapStore() {
  const entries = new Map<string, string>();
  let version = 0;
  const held: (() => void)[] = [];
  let holding = false;
  const store: DurableStore<string> = {
    name: "map",
    async persist(key, payload) {
      entries.set(key, payload);
      return { previous: version, version: ++version };
    },
    async depersist(key) {
      if (!entries.delete(key)) return { existed: false };
      return { existed: true, previous: version, version: ++version };
    },
    async durables() {
      return new Map(entries);
    },
    async lastUpdated() {
      const seen = version;
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
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
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
  };
}
