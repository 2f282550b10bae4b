import { DurableDict } from "@durabledict/core";
import { MemoryStore } from "@durabledict/memory";
import type { KitFactory } from "./kit.js";

/** The reference adapter: every dict of a kit shares one `MemoryStore`, as processes share a server. */
export const memoryKit: KitFactory = {
  adapter: "memory",
  needs: [],
  shared: false,
  // No driver below the memory store: its rows have nothing to reach.
  targets: {},
  unavailable: async () => undefined,
  async create(_servers, namespace) {
    const store = new MemoryStore();
    return {
      adapter: "memory",
      namespace,
      watches: true,
      openDict: (options) => DurableDict.open(store, options),
      openStore: async () => store,
      // No driver below the memory store: its own version call is the cheapest "round trip" there is.
      rawRead: { name: "await MemoryStore.lastUpdated()", run: () => store.lastUpdated() },
      drop: async () => {},
      close: () => store.close(),
    };
  },
};
