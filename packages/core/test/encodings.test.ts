import { describe, expect, it } from "vitest";
import { jsonEncoding, noopEncoding, richEncoding } from "../src/index.js";

describe("jsonEncoding", () => {
  it("writes the JSON text Python's json module reads", () => {
    expect(jsonEncoding.encode({ on: true, percent: 10, name: "é" })).toBe(
      '{"on":true,"percent":10,"name":"é"}',
    );
    expect(jsonEncoding.decode('{"a":[1,null]}')).toEqual({ a: [1, null] });
  });

  it.each([
    ["undefined", undefined],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["a bigint", 1n],
    ["NaN", Number.NaN],
    ["Infinity nested", { x: [Number.POSITIVE_INFINITY] }],
    ["undefined nested", { x: undefined }],
  ])("refuses %s instead of changing it silently", (_name, value) => {
    expect(() => jsonEncoding.encode(value)).toThrow(TypeError);
  });
});

describe("richEncoding", () => {
  it("round-trips what JSON cannot hold", () => {
    const value = {
      d: new Date(5),
      m: new Map([[1, new Set(["x"])]]),
      b: -(2n ** 80n),
      u: new Float64Array([0.5]),
    };
    expect(richEncoding.decode(richEncoding.encode(value))).toEqual(value);
  });

  it("refuses functions, and payloads it did not write", () => {
    expect(() => richEncoding.encode({ f: () => 1 })).toThrow();
    expect(() => richEncoding.decode('{"a":1}')).toThrow("not a rich-encoded payload");
  });
});

describe("noopEncoding", () => {
  it("stores a clone, so the caller's later changes do not reach the store", () => {
    const value = { list: [1] };
    const payload = noopEncoding.encode(value) as typeof value;
    value.list.push(2);
    expect(payload).toEqual({ list: [1] });
  });
});
