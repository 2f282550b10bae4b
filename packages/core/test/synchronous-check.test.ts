import { describe, expect, it } from "vitest";
import { DurableDict } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

describe("a store that answers its version synchronously", () => {
  it("serves autosync reads without an asynchronous check while the version stands, and sees a change at once", async () => {
    const staged = mapStore("sync");
    let asked = 0;
    const lastUpdated = staged.store.lastUpdated.bind(staged.store);
    staged.store.lastUpdated = () => {
      asked++;
      return lastUpdated();
    };
    staged.store.lastUpdatedSync = staged.version;
    const dict = await DurableDict.open<string>(staged.store);
    await dict.set("k", "mine");
    const askedAfterWrite = asked;
    for (let i = 0; i < 50; i++) {
      expect(await dict.get("k")).toBe("mine");
      expect(await dict.has("k")).toBe(true);
    }
    expect(asked).toBe(askedAfterWrite);

    staged.writeFromElsewhere("k", "theirs");
    expect(await dict.get("k")).toBe("theirs");
    expect(asked).toBe(askedAfterWrite + 1);
  });
});
