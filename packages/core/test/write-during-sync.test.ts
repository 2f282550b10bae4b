import { describe, expect, it } from "vitest";
import { DurableDict } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

describe("a write that lands while a sync is reading", () => {
  it("is not overwritten by the older data the sync read, and the next sync reconciles", async () => {
    const { store, writeFromElsewhere, hold, heldCall, release } = mapStore("slow");
    const dict = await DurableDict.open<string>(store, { autosync: false });
    writeFromElsewhere("other", "from elsewhere");
    hold("durables");
    const syncing = dict.sync();
    await heldCall();
    await dict.set("mine", "written during the sync");
    release();
    await syncing;
    expect(await dict.get("mine")).toBe("written during the sync");
    expect(await dict.get("other")).toBe("from elsewhere");
    hold("durables");
    const reconciling = dict.sync();
    await heldCall();
    release();
    await reconciling;
    expect(await dict.get("mine")).toBe("written during the sync");
  });
});
