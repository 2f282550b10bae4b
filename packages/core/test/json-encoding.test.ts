import { deepStrictEqual } from "node:assert";
import { describe, expect, it } from "vitest";
import { jsonEncoding } from "../src/index.js";

class Point {
  x = 1;
}

class Money {
  cents = 150;
  toJSON() {
    return "1.50";
  }
}

/** The message `encode` throws for `value`, or a failure when it accepts it. */
function refusal(value: unknown): string {
  try {
    jsonEncoding.encode(value);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error("the value was accepted");
}

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: { b: 1 } };
  (value.a as Record<string, unknown>).back = value;
  return value;
}

describe("jsonEncoding", () => {
  it("writes the JSON text Python's json module reads", () => {
    expect(jsonEncoding.encode({ on: true, percent: 10, name: "é" })).toBe(
      '{"on":true,"percent":10,"name":"é"}',
    );
    expect(jsonEncoding.decode('{"a":[1,null]}')).toEqual({ a: [1, null] });
  });

  const shared = { n: 1 };
  it.each([
    ["a string", "é\u{1f600}\ud800"],
    ["numbers", [0, 1.5, -3, Number.MAX_VALUE, Number.MIN_VALUE]],
    ["booleans and null", [true, false, null]],
    ["empty object and array", { o: {}, a: [] }],
    ["nested settings", { on: true, rollout: { regions: ["eu"], owners: [{ id: 1 }] } }],
    ["index-like and odd keys", { 1: "a", "a b": 2, "": 3 }],
    ["an own __proto__ key", JSON.parse('{"__proto__": {"x": 1}}')],
    ["a frozen object", Object.freeze({ a: Object.freeze([1]) })],
    ["a sub-object reached twice", { a: shared, b: [shared] }],
    [
      "a getter, stored as what it returns",
      {
        get total() {
          return 2;
        },
      },
    ],
  ])("round-trips %s exactly", (_name, value) => {
    deepStrictEqual(jsonEncoding.decode(jsonEncoding.encode(value)), value);
  });

  it.each([
    ["a Map", { flags: new Map([["a", 1]]) }, "a Map at value.flags (use richEncoding)"],
    ["a Set", new Set([1]), "a Set at value (use richEncoding)"],
    ["a Date", { since: new Date(0) }, "a Date at value.since (use richEncoding)"],
    ["a typed array", { bytes: new Uint8Array(2) }, "a Uint8Array at value.bytes (use richEncoding)"],
    ["an ArrayBuffer", [new ArrayBuffer(2)], "an ArrayBuffer at value[0] (use richEncoding)"],
    ["a RegExp", { re: /a+/g }, "a RegExp at value.re (use richEncoding)"],
    ["an Error", { e: new TypeError("x") }, "a TypeError at value.e (use richEncoding)"],
    ["a bigint", { n: 1n }, "a bigint at value.n (use richEncoding)"],
    ["-0", { x: [1, -0] }, "-0 at value.x[1] (use richEncoding)"],
    ["NaN", Number.NaN, "NaN at value (use richEncoding)"],
    ["Infinity", { x: [Number.POSITIVE_INFINITY] }, "Infinity at value.x[0] (use richEncoding)"],
    ["-Infinity", { x: Number.NEGATIVE_INFINITY }, "-Infinity at value.x (use richEncoding)"],
    ["undefined in an object", { x: undefined }, "undefined at value.x (use richEncoding)"],
    ["undefined in an array", [1, undefined], "undefined at value[1] (use richEncoding)"],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ["a hole in an array", { list: [1, , 3] }, "a hole at value.list[1] (use richEncoding)"],
    [
      "a named property on an array",
      { list: Object.assign([1], { total: 1 }) },
      "a non-index property of an array at value.list.total (use richEncoding)",
    ],
    ["a cycle", cyclic(), "a cycle at value.a.back (use richEncoding)"],
    ["a boxed number", { n: new Number(1) }, "a Number object at value.n (use richEncoding)"],
    ["a class instance", { p: new Point() }, "an instance of Point at value.p"],
    [
      "an object with toJSON",
      { price: new Money() },
      "an instance of Money at value.price (JSON would store what its toJSON returns)",
    ],
    [
      "a null-prototype object",
      { o: Object.assign(Object.create(null), { a: 1 }) },
      "an object with a null prototype at value.o",
    ],
    [
      "a symbol-keyed property",
      { o: { a: 1, [Symbol("id")]: 2 } },
      "a symbol-keyed property at value.o[Symbol(id)]",
    ],
    [
      "a symbol-keyed property on an array",
      Object.assign([1], { [Symbol("id")]: 2 }),
      "a symbol-keyed property at value[Symbol(id)]",
    ],
    [
      "a non-enumerable property",
      { "odd key": Object.defineProperty({ a: 1 }, "hidden", { value: 2 }) },
      'a non-enumerable property at value["odd key"].hidden',
    ],
    ["a Buffer", { b: Buffer.from("hi") }, "a Buffer at value.b (JSON would store what its toJSON returns)"],
    ["a function", { f: () => 1 }, "a function at value.f"],
    ["a symbol", [Symbol("s")], "a symbol at value[0]"],
    ["an array subclass", new (class Stack extends Array {})(), "an instance of Stack at value"],
  ])("refuses %s, saying where", (_name, value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it("suggests richEncoding only when it would hold the whole value", () => {
    expect(refusal({ when: new Date(0), p: new Point() })).toBe("a Date at value.when");
  });

  it("refuses undefined and functions as the whole value", () => {
    expect(refusal(undefined)).toBe("undefined at value");
    expect(refusal(() => 1)).toBe("a function at value");
  });
});
