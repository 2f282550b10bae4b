import type { DurableStore } from "@durabledict/core";
import { type ConformanceTarget, runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../src/index.js";

function memoryTarget(name: string, expose: (store: MemoryStore) => DurableStore<string>): ConformanceTarget {
  return {
    name,
    async setup() {
      const store = new MemoryStore();
      return {
        openStore: async () => expose(store),
        rawGet: async (key) => (await store.durables()).get(key),
        resetVersion: async () => store.simulateVersionReset(),
        outage: {
          begin: async () => store.setReachable(false),
          end: async () => store.setReachable(true),
        },
        teardown: async () => {},
      };
    },
  };
}

runConformance(
  { describe, it, expect },
  memoryTarget("memory", (store) => store),
);

/** The same store seen through the four required methods only: the core's fallbacks carry every check. */
const requiredOnly = memoryTarget("memory", (store) => ({
  name: store.name,
  persist: (key, payload) => store.persist(key, payload),
  depersist: (key) => store.depersist(key),
  durables: () => store.durables(),
  lastUpdated: () => store.lastUpdated(),
}));
runConformance({ describe, it, expect }, requiredOnly);
