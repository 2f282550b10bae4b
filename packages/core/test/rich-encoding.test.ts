import { deepStrictEqual } from "node:assert";
import { describe, expect, it } from "vitest";
import { Codec } from "../src/codec.js";
import { readValue } from "../src/frozen-value.js";
import { richEncoding } from "../src/index.js";

/** What a dict reads back after storing `value`: encoded, decoded, prepared and read as a dict does. */
function roundTrip(value: unknown): unknown {
  const codec = new Codec(richEncoding, undefined, "test");
  return readValue(codec.decode("k", codec.encode("k", value)));
}

/** The message `encode` throws for `value`, or a failure when it accepts it. */
function refusal(value: unknown): string {
  try {
    richEncoding.encode(value);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error("the value was accepted");
}

/** `value`, once `change` has run on it (to close a cycle, say). */
function changed<T extends object>(value: T, change: (value: T) => void): T {
  change(value);
  return value;
}

class Point {
  x = 1;
}

const sharedError = new RangeError("shared");

describe("richEncoding", () => {
  it.each([
    ["-0, NaN and infinities", [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]],
    ["a bigint", -(2n ** 80n)],
    ["undefined inside objects and arrays", { u: undefined, list: [undefined] }],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ["a sparse array", [1, , 3]],
    ["an array with a named property", Object.assign([1, 2], { total: 3 })],
    ["a Date", new Date(5)],
    [
      "a Map with object keys",
      new Map<unknown, unknown>([
        [{ k: 1 }, new Set(["x"])],
        ["a", 1],
      ]),
    ],
    ["a Set", new Set([1, "a", { b: 2 }])],
    ["a RegExp", /a+b/dgimsuy],
    ["an Error", new Error("boom")],
    ["an Error with a cause", new Error("boom", { cause: { code: 7, when: new Date(0) } })],
    [
      "each native Error type",
      [new EvalError("e"), new RangeError("r"), new ReferenceError("r"), new SyntaxError("s")],
    ],
    ["more native Error types", [new TypeError("t"), new URIError("u")]],
    ["an Error reached twice", { a: sharedError, b: [sharedError] }],
    ["an ArrayBuffer", new Uint8Array([1, 2, 3]).buffer],
    ["a resizable ArrayBuffer", Reflect.construct(ArrayBuffer, [4, { maxByteLength: 8 }])],
    ["integer typed arrays", [new Int8Array([-1]), new Uint8Array([1]), new Uint8ClampedArray([2])]],
    [
      "wider typed arrays",
      [new Int16Array([-1]), new Uint16Array([1]), new Int32Array([-1]), new Uint32Array([1])],
    ],
    ["float typed arrays", [new Float32Array([0.5]), new Float64Array([-0, Number.NaN])]],
    ["bigint typed arrays", [new BigInt64Array([-1n]), new BigUint64Array([1n])]],
    ["a view on part of a buffer", new Uint16Array(new ArrayBuffer(8), 2, 2)],
    ["a DataView", new DataView(new Uint8Array([1, 2]).buffer)],
    ["boxed primitives", [new Number(1), new String("s"), new Boolean(false), Object(1n)]],
    [
      "a cyclic object",
      changed({ a: { b: 1 } } as Record<string, unknown>, (v) => {
        v.self = v;
      }),
    ],
    ["a cyclic array", changed([1] as unknown[], (v) => v.push(v))],
    ["a Map that holds itself", changed(new Map<string, unknown>(), (v) => v.set("self", v))],
    ["a Set that holds itself", changed(new Set<unknown>(), (v) => v.add(v))],
    [
      "an object an Error's cause points back to",
      changed({} as Record<string, unknown>, (v) => {
        v.e = new Error("x", { cause: v });
      }),
    ],
    [
      "a getter, stored as what it returns",
      {
        get total() {
          return 2;
        },
      },
    ],
  ])("round-trips %s exactly", (_name, value) => {
    deepStrictEqual(roundTrip(value), value);
  });

  it("round-trips an invalid Date (which deepStrictEqual never calls equal)", () => {
    const back = roundTrip(new Date(Number.NaN));
    expect(back).toBeInstanceOf(Date);
    expect((back as Date).getTime()).toBeNaN();
  });

  it.each([
    ["a class instance", { p: new Point() }, "an instance of Point at value.p"],
    [
      "a null-prototype object",
      [Object.assign(Object.create(null), { a: 1 })],
      "an object with a null prototype at value[0]",
    ],
    [
      "a symbol-keyed property",
      { o: { [Symbol("id")]: 1 } },
      "a symbol-keyed property at value.o[Symbol(id)]",
    ],
    [
      "a non-enumerable property",
      Object.defineProperty({}, "hidden", { value: 1 }),
      "a non-enumerable property at value.hidden",
    ],
    ["a Buffer", { b: Buffer.from("hi") }, "a Buffer at value.b (it reads back as a Uint8Array)"],
    ["a function", new Map([["f", () => 1]]), 'a function at value.get("f")'],
    ["a symbol", new Set([1, Symbol("s")]), "a symbol at value.values()[1]"],
    ["an object Map key", new Map([[new Point(), 1]]), "an instance of Point at value.keys()[0]"],
    ["a Map subclass", new (class Registry extends Map {})(), "an instance of Registry at value"],
    ["an Error subclass", new (class HttpError extends Error {})("x"), "an instance of HttpError at value"],
    ["an AggregateError", new AggregateError([], "x"), "an AggregateError at value"],
    [
      "an Error with a property of its own",
      { e: Object.assign(new Error("x"), { code: "E1" }) },
      "a property of an Error at value.e.code",
    ],
    [
      "an Error with its own name",
      Object.assign(new Error("x"), { name: "Custom" }),
      "a property of an Error at value.name",
    ],
    [
      "an Error with a cause assigned after",
      Object.assign(new Error("x"), { cause: 1 }),
      "an enumerable property of an Error at value.cause (pass it to the Error constructor)",
    ],
    [
      "an Error with a message that is not a string",
      Object.defineProperty(new Error("x"), "message", { value: 5 }),
      "a message that is not a string at value.message",
    ],
    [
      "an Error whose cause holds a class instance",
      new Error("x", { cause: new Point() }),
      "an instance of Point at value.cause",
    ],
    [
      "a cycle back to an Error",
      changed(new Error("x", { cause: {} }), (e) => {
        (e.cause as Record<string, unknown>).error = e;
      }),
      "a cycle back to an Error at value.cause.error (V8 cannot read it back)",
    ],
    [
      "a RegExp part-way through a match",
      changed(/a/g, (re) => {
        re.lastIndex = 3;
      }),
      "a RegExp with lastIndex 3 at value (it reads back as 0)",
    ],
    ["a RegExp with a property", Object.assign(/a/, { label: "x" }), "a property of a RegExp at value.label"],
    ["a Date with a property", Object.assign(new Date(0), { tz: "UTC" }), "a property of a Date at value.tz"],
    ["a Map with a property", Object.assign(new Map(), { n: 1 }), "a property of a Map at value.n"],
    ["a Set with a property", Object.assign(new Set(), { n: 1 }), "a property of a Set at value.n"],
    [
      "an ArrayBuffer with a property",
      Object.assign(new ArrayBuffer(1), { n: 1 }),
      "a property of an ArrayBuffer at value.n",
    ],
    [
      "a typed array with a symbol-keyed property",
      Object.assign(new Uint8Array(1), { [Symbol("s")]: 1 }),
      "a symbol-keyed property at value[Symbol(s)]",
    ],
    [
      "a boxed string with a property",
      Object.assign(new String("ab"), { n: 1 }),
      "a property of a String object at value.n",
    ],
    ["a SharedArrayBuffer", new SharedArrayBuffer(1), "a SharedArrayBuffer at value"],
    ["a WeakMap", { w: new WeakMap() }, "a WeakMap at value.w"],
    ["undefined as the whole value", undefined, "undefined at value"],
  ])("refuses %s, saying where", (_name, value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it("walks sharing nested on sharing in time proportional to the objects, not the paths", () => {
    let value: unknown = { leaf: true };
    for (let level = 0; level < 64; level++) value = [value, value];
    expect(() => richEncoding.encode(value)).not.toThrow();
  });

  it("still finds a loss, and still stops at cycles, past the first hundred thousand objects", () => {
    const many: unknown[] = Array.from({ length: 150_000 }, (_, id) => ({ id }));
    many.push(many, many[0]);
    expect(() => richEncoding.encode(many)).not.toThrow();
    many.push({ late: new Point() });
    expect(refusal(many)).toBe("an instance of Point at value[150002].late");
    // Encoding 150,000 objects takes seconds of CPU on a busy two-core machine: a bound, not a measurement.
  }, 60_000);

  it("refuses payloads it did not write", () => {
    expect(() => richEncoding.decode('{"a":1}')).toThrow("not a rich-encoded payload");
  });
});
