import { describe, expect, it } from "vitest";
import { noopEncoding } from "../src/index.js";

describe("noopEncoding", () => {
  it("stores a clone, so the caller's later changes do not reach the store", () => {
    const value = { list: [1] };
    const payload = noopEncoding.encode(value) as typeof value;
    value.list.push(2);
    expect(payload).toEqual({ list: [1] });
  });

  it("refuses what a clone would change, as the rich encoding does, naming the path", () => {
    class Point {
      constructor(readonly x: number) {}
    }
    expect(() => noopEncoding.encode({ at: new Point(1) })).toThrow("an instance of Point at value.at");
    expect(() => noopEncoding.encode({ bytes: Buffer.from("a") })).toThrow(TypeError);
    expect(() => noopEncoding.encode({ [Symbol("s")]: 1 })).toThrow(TypeError);
    expect(noopEncoding.encode({ at: new Date(0), set: new Set([1]) })).toEqual({
      at: new Date(0),
      set: new Set([1]),
    });
  });
});
