import { deepStrictEqual } from "node:assert";
import { describe, expect, it } from "vitest";
import { DurableDict, richEncoding } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

/** A dict over a fresh store with the rich encoding, and a second dict on the same store (another process). */
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

  it("hands both dicts back exactly what it stored, for every kind of value it holds", async () => {
    const { writer, reader } = await twoDicts();
    const value = {
      numbers: [-0, Number.NaN, Number.NEGATIVE_INFINITY, 2n ** 70n],
      // biome-ignore lint/suspicious/noSparseArray: the hole is the point
      holes: Object.assign([1, , undefined], { named: true }),
      absent: undefined,
      when: new Date(0),
      index: new Map<unknown, unknown>([[{ id: 1 }, new Set(["a"])]]),
      pattern: /x+/giu,
      failure: new RangeError("out", { cause: { code: 3 } }),
      bytes: [new Uint8Array([1]), new BigInt64Array([-1n]), new Float64Array([0.5]), new ArrayBuffer(2)],
      view: new DataView(new ArrayBuffer(1)),
      boxed: [new Number(1), new String("s"), new Boolean(true)],
    };
    await writer.set("k", value);
    deepStrictEqual(await writer.get("k"), value);
    deepStrictEqual(await reader.get("k"), value);
  });
});
