import { describe, expect, it } from "vitest";
import {
  DurableDict,
  type DurableDictError,
  type DurableStore,
  StoreUnavailableError,
} from "../src/index.js";

/** A store over a Map whose version checks can be made to hang, as a driver with an offline queue does. */
function hangableStore() {
  const entries = new Map<string, string>();
  let version = 0;
  let hang = false;
  const store: DurableStore<string> = {
    name: "hangable",
    async persist(key, payload) {
      if (hang) throw new Error("connection lost");
      entries.set(key, payload);
      return { previous: version, version: ++version };
    },
    async depersist(key) {
      return { existed: entries.delete(key), previous: version, version: ++version };
    },
    async durables() {
      return new Map(entries);
    },
    lastUpdated: () => (hang ? new Promise(() => {}) : Promise.resolve(version)),
  };
  return { store, setHang: (value: boolean) => (hang = value) };
}

describe("a store that stops answering", () => {
  it("does not hold reads hostage: they serve the local copy after syncTimeout and emit error", async () => {
    const { store, setHang } = hangableStore();
    const dict = await DurableDict.open<string>(store, { syncTimeout: 50, retryDelay: 10_000 });
    await dict.set("k", "v");
    const errors: DurableDictError[] = [];
    dict.on("error", (error) => errors.push(error));
    setHang(true);
    expect(await dict.get("k")).toBe("v");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("[durabledict:hangable]");
    // Within the retry delay, reads do not wait on the store again.
    const started = Date.now();
    expect(await dict.get("k")).toBe("v");
    expect(Date.now() - started).toBeLessThan(40);
    await expect(dict.set("k", "w")).rejects.toBeInstanceOf(StoreUnavailableError);
    await dict.close();
  });
});
