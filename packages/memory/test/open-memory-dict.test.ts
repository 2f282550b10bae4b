import { DurableDict, noopEncoding } from "@durabledict/core";
import { describe, expect, it } from "vitest";
import { MemoryStore, openMemoryDict } from "../src/index.js";

describe("openMemoryDict", () => {
  it("opens a dict over a store of its own", async () => {
    const first = await openMemoryDict<number>();
    const second = await openMemoryDict<number>();
    await first.set("k", 1);
    expect(await first.get("k")).toBe(1);
    expect(await second.get("k")).toBeUndefined();
    await first.close();
    await second.close();
  });

  it("keeps structured values as they are with noopEncoding, handing out frozen objects", async () => {
    const store = new MemoryStore<unknown>();
    const dict = await DurableDict.open<{ at: number[] }, unknown>(store, { encoding: noopEncoding });
    const value = { at: [1] };
    await dict.set("k", value);
    value.at.push(2);
    expect(await dict.get("k")).toEqual({ at: [1] });
    expect(Object.isFrozen(await dict.get("k"))).toBe(true);
    await dict.close();
  });

  it("rejects every call once closed", async () => {
    const dict = await openMemoryDict();
    await dict.close();
    await expect(dict.get("k")).rejects.toThrow("closed");
    await expect(dict.set("k", 1)).rejects.toThrow("closed");
  });
});
