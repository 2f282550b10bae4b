import { describe, expect, it } from "vitest";
import { type ChangeEvent, DurableDict } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

describe("reads that arrive together", () => {
  it("share one sync, and its changes are announced once", async () => {
    const { store, writeFromElsewhere } = mapStore();
    const dict = await DurableDict.open<number>(store);
    const seen: ChangeEvent<number>[] = [];
    dict.on("change", (event) => seen.push(event));
    writeFromElsewhere("k", 1);
    expect(await Promise.all([dict.get("k"), dict.get("k"), dict.has("k")])).toEqual([1, 1, true]);
    expect(seen).toEqual([{ key: "k", oldValue: undefined, newValue: 1, origin: "remote" }]);
    await dict.close();
  });

  it("see a write acknowledged before they began, even while an older sync is still in flight", async () => {
    const { store, writeFromElsewhere, hold, heldCall, release } = mapStore();
    const dict = await DurableDict.open<number>(store);
    hold("lastUpdated");
    const early = dict.get("k");
    await heldCall();
    writeFromElsewhere("k", 2);
    const late = dict.get("k");
    release();
    expect(await early).toBeUndefined();
    expect(await late).toBe(2);
    await dict.close();
  });
});
