import { describe, expect, it } from "vitest";
import { DurableDict, EncodingError, richEncoding } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

class Point {
  x = 1;
}

/** The error `attempt` rejects with; fails when it resolves. */
async function rejection(attempt: Promise<unknown>): Promise<EncodingError> {
  const error = await attempt.then(
    () => expect.fail("the write was accepted"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EncodingError);
  return error as EncodingError;
}

describe("a value the encoding would change", () => {
  it("is refused by set with an EncodingError naming the adapter, the key and the path, before any write", async () => {
    const { store } = mapStore("map");
    const dict = await DurableDict.open(store);
    const error = await rejection(dict.set("settings", { on: true, flags: new Map([["a", 1]]) }));
    expect(error.message).toBe(
      '[durabledict:map] cannot encode key "settings": json encoding refused the value: ' +
        "a Map at value.flags (use richEncoding)",
    );
    expect(error.key).toBe("settings");
    expect(error.adapter).toBe("map");
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(await store.lastUpdated()).toBe(0);
    expect((await store.durables()).size).toBe(0);
    expect(await dict.has("settings")).toBe(false);
  });

  it("is refused by update and setdefault, which then write nothing at all", async () => {
    const { store } = mapStore();
    const dict = await DurableDict.open(store);
    const error = await rejection(dict.update({ fine: 1, when: new Date(0) }));
    expect(error.key).toBe("when");
    expect(error.message).toContain("a Date at value (use richEncoding)");
    await rejection(dict.setdefault("zero", -0));
    expect(await store.lastUpdated()).toBe(0);
    expect((await store.durables()).size).toBe(0);
  });

  it("is refused under the rich encoding too, naming the rich encoding", async () => {
    const { store } = mapStore("map");
    const dict = await DurableDict.open(store, { encoding: richEncoding });
    const error = await rejection(dict.set("shape", { points: [new Point()] }));
    expect(error.message).toBe(
      '[durabledict:map] cannot encode key "shape": rich encoding refused the value: ' +
        "an instance of Point at value.points[0]",
    );
    expect((await store.durables()).size).toBe(0);
  });
});
