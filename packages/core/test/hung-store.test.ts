import { describe, expect, it } from "vitest";
import { DurableDict, type DurableDictError, StoreUnavailableError } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

describe("a store that stops answering", () => {
  it("does not hold reads hostage: they serve the local copy after syncTimeout and emit error", async () => {
    const { store, goDown } = mapStore("hangable");
    const dict = await DurableDict.open<string>(store, { syncTimeout: 50, retryDelay: 10_000 });
    await dict.set("k", "v");
    const errors: DurableDictError[] = [];
    dict.on("error", (error) => errors.push(error));
    goDown();
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
