import { describe, expect, it } from "vitest";
import { DurableDict, type DurableStore } from "../src/index.js";

/** A Map store whose `durables()` takes its snapshot at once but answers only when released. */
function slowReloadStore() {
  const entries = new Map<string, string>();
  let version = 0;
  let release: (() => void) | undefined;
  const store: DurableStore<string> = {
    name: "slow",
    async persist(key, payload) {
      entries.set(key, payload);
      return { previous: version, version: ++version };
    },
    async depersist(key) {
      return { existed: entries.delete(key), previous: version, version: ++version };
    },
    async durables() {
      const snapshot = new Map(entries);
      if (version > 0) await new Promise<void>((resolve) => (release = resolve));
      return snapshot;
    },
    lastUpdated: async () => version,
  };
  return { store, entries, release: () => release?.(), bumpFromElsewhere: () => version++ };
}

describe("a write that lands while a sync is reading", () => {
  it("is not overwritten by the older data the sync read, and the next sync reconciles", async () => {
    const { store, entries, release, bumpFromElsewhere } = slowReloadStore();
    const dict = await DurableDict.open<string>(store, { autosync: false });
    entries.set("other", '"from elsewhere"');
    bumpFromElsewhere();
    const syncing = dict.sync();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await dict.set("mine", "written during the sync");
    release();
    await syncing;
    expect(await dict.get("mine")).toBe("written during the sync");
    expect(await dict.get("other")).toBe("from elsewhere");
    const reconciling = dict.sync();
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await reconciling;
    expect(await dict.get("mine")).toBe("written during the sync");
  });
});
