import type { DurableStore } from "@durabledict/core";
import type { ConformanceTarget } from "@durabledict/test-suite";
import { MemoryStore } from "../src/index.js";

/** A conformance target over a memory store seen through `wrap`, which plants one bug. */
export function brokenTarget(wrap: (store: MemoryStore) => DurableStore<string>): ConformanceTarget {
  return {
    name: "memory",
    propagationTimeout: 300,
    async setup() {
      const store = new MemoryStore();
      return {
        openStore: async () => wrap(store),
        rawGet: async (key) => (await store.durables()).get(key),
        resetVersion: async () => store.simulateVersionReset(),
        outage: { begin: async () => store.setReachable(false), end: async () => store.setReachable(true) },
        teardown: async () => {},
      };
    },
  };
}

/** Forwards every member of a memory store, with some replaced. */
export function withOverrides(
  store: MemoryStore,
  overrides: Partial<DurableStore<string>>,
): DurableStore<string> {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property in overrides) return overrides[property as keyof DurableStore<string>];
      const member = Reflect.get(target, property, receiver);
      return typeof member === "function" ? member.bind(target) : member;
    },
  }) as DurableStore<string>;
}
