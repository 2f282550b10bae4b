import { describe, expect, it } from "vitest";
import { DurableDict, type DurableStore, StoreUnavailableError } from "../src/index.js";

/** A store that cannot be read, counting how often it is closed. */
function unreadableStore() {
  const state = { closed: 0 };
  const refuse = async (): Promise<never> => {
    throw new Error("connection refused");
  };
  const store: DurableStore<string> = {
    name: "unreadable",
    persist: refuse,
    depersist: refuse,
    durables: refuse,
    lastUpdated: refuse,
    async close() {
      state.closed++;
    },
  };
  return { store, state };
}

describe("DurableDict.open over a store it cannot read", () => {
  it("closes the store when the dict was to own it: nothing else could close it", async () => {
    const { store, state } = unreadableStore();
    await expect(DurableDict.open(store, { ownsStore: true })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(state.closed).toBe(1);
  });

  it("leaves a store it was not to own open, for its owner", async () => {
    const { store, state } = unreadableStore();
    await expect(DurableDict.open(store)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(state.closed).toBe(0);
  });

  it("keeps an owned store open when the dict starts stale instead, and closes it with the dict", async () => {
    const { store, state } = unreadableStore();
    const dict = await DurableDict.open<string>(store, { ownsStore: true, bootstrap: { theme: "dark" } });
    expect(dict.status).toBe("stale");
    expect(await dict.get("theme")).toBe("dark");
    expect(state.closed).toBe(0);
    await dict.close();
    expect(state.closed).toBe(1);
  });
});
