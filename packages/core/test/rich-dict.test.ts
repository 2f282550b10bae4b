import { describe, expect, it } from "vitest";
import { DurableDict, richEncoding } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

/** A dict over a fresh store with the rich encoding, and a second dict over the same store (another process). */
async function twoDicts() {
  const { store } = mapStore();
  const writer = await DurableDict.open(store, { encoding: richEncoding });
  const reader = await DurableDict.open(store, { encoding: richEncoding });
  return { writer, reader };
}

describe("a dict with the rich encoding", () => {
  it("stores a cyclic object, and both dicts read the cycle back", async () => {
    const { writer, reader } = await twoDicts();
    const value: Record<string, unknown> = { name: "loop" };
    value.self = value;
    await writer.set("k", value);
    const written = (await writer.get("k")) as typeof value;
    const read = (await reader.get("k")) as typeof value;
    for (const back of [written, read]) {
      expect(back.name).toBe("loop");
      expect(back.self).toBe(back);
    }
  });

  it("stores an array that contains itself", async () => {
    const { writer, reader } = await twoDicts();
    const value: unknown[] = [1];
    value.push(value);
    await writer.set("k", value);
    const read = (await reader.get("k")) as unknown[];
    expect(read[0]).toBe(1);
    expect(read[1]).toBe(read);
  });
});
