import { describe, expect, it } from "vitest";
import { jsonEncoding, noopEncoding } from "../src/index.js";

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

describe("noopEncoding", () => {
  it("stores a clone, so the caller's later changes do not reach the store", () => {
    const value = { list: [1] };
    const payload = noopEncoding.encode(value) as typeof value;
    value.list.push(2);
    expect(payload).toEqual({ list: [1] });
  });
});
