import { describe, expect, it } from "vitest";
import { DurableDict, type WatchHandlers } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

describe("a write that lands while a sync is reading", () => {
  it("is not overwritten by the older data the sync read, and the next sync reconciles", async () => {
    const { store, writeFromElsewhere, hold, heldCall, release } = mapStore("slow");
    const dict = await DurableDict.open<string>(store, { autosync: false });
    writeFromElsewhere("other", "from elsewhere");
    hold("durables");
    const syncing = dict.sync();
    await heldCall();
    writeFromElsewhere("late", "after the sync read"); // Between the sync's read and the write: unseen.
    await dict.set("mine", "written during the sync");
    release();
    await syncing;
    expect(await dict.get("mine")).toBe("written during the sync");
    expect(await dict.get("other")).toBe("from elsewhere");
    expect(await dict.get("late")).toBeUndefined();
    hold("durables");
    const reconciling = dict.sync();
    await heldCall();
    release();
    await reconciling;
    expect(await dict.get("mine")).toBe("written during the sync");
    expect(await dict.get("late")).toBe("after the sync read");
  });

  it("lands right after the version the sync read: the copy holds the write's version, and no reload follows", async () => {
    const { store, writeFromElsewhere, hold, heldCall, release } = mapStore("slow");
    let loads = 0;
    const counted = {
      ...store,
      durables: () => {
        loads++;
        return store.durables();
      },
    };
    const dict = await DurableDict.open<string>(counted, { autosync: false });
    writeFromElsewhere("other", "from elsewhere");
    hold("durables");
    const syncing = dict.sync();
    await heldCall();
    for (let i = 0; i < 3; i++) await dict.set(`mine${i}`, "written during the sync");
    release();
    await syncing;
    const afterRacedSync = loads;
    expect(await dict.sync()).toBe(false);
    expect(loads).toBe(afterRacedSync);
    expect([...dict.snapshot().keys()].sort()).toEqual(["mine0", "mine1", "mine2", "other"]);
  });

  it("raced only by the dict's own write, settles: a watching dict does not sync again", async () => {
    const { store, hold, heldCall, release } = mapStore("slow");
    let checks = 0;
    let watch: WatchHandlers | undefined;
    const watched = {
      ...store,
      lastUpdated: () => {
        checks++;
        return store.lastUpdated();
      },
      async watch(handlers: WatchHandlers) {
        watch = handlers;
        handlers.onStatus(true);
        return async () => {};
      },
    };
    const dict = await DurableDict.open<string>(watched, {});
    await dict.set("before", "settled");
    await new Promise((resolve) => setTimeout(resolve, 10));
    const before = checks;
    hold("lastUpdated");
    watch!.onChange(); // A notification naming no version: a sync follows, and its version check is held.
    await heldCall();
    await dict.set("mine", "written during the sync");
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The held check, and no other: the sync read a version this dict's own write had moved past.
    expect(checks).toBe(before + 1);
    expect(await dict.get("mine")).toBe("written during the sync");
    await dict.close();
  });

  it("raced by its own write after another writer's, checks again and gets the other write", async () => {
    const { store, writeFromElsewhere, hold, heldCall, release } = mapStore("slow");
    let watch: WatchHandlers | undefined;
    const watched = {
      ...store,
      async watch(handlers: WatchHandlers) {
        watch = handlers;
        handlers.onStatus(true);
        return async () => {};
      },
    };
    const dict = await DurableDict.open<string>(watched, {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    hold("lastUpdated");
    watch!.onChange();
    await heldCall();
    writeFromElsewhere("other", "from elsewhere"); // After the sync read the version: it did not see this.
    await dict.set("mine", "written during the sync");
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(dict.snapshot().get("other")).toBe("from elsewhere");
    expect(dict.snapshot().get("mine")).toBe("written during the sync");
    await dict.close();
  });
});
