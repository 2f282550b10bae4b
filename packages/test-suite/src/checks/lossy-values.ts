import { deepStrictEqual } from "node:assert";
import { EncodingError, richEncoding } from "@durabledict/core";
import type { Check, CheckContext } from "../check.js";

const group = "values an encoding would change";

class Point {
  x = 1;
}

class Money {
  cents = 150;
  toJSON() {
    return "1.50";
  }
}

/** Values JSON would read back different, each with the reason the refusal must give. */
function jsonLossyValues(): [value: unknown, reason: string][] {
  return [
    [{ flags: new Map([["a", 1]]) }, "a Map at value.flags (use richEncoding)"],
    [new Set(["a"]), "a Set at value (use richEncoding)"],
    [{ since: new Date(0) }, "a Date at value.since (use richEncoding)"],
    [[new Uint8Array([1])], "a Uint8Array at value[0] (use richEncoding)"],
    [new ArrayBuffer(1), "an ArrayBuffer at value (use richEncoding)"],
    [{ pattern: /a+/ }, "a RegExp at value.pattern (use richEncoding)"],
    [new Error("boom"), "an Error at value (use richEncoding)"],
    [{ x: -0 }, "-0 at value.x (use richEncoding)"],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    [{ list: [1, , 3] }, "a hole at value.list[1] (use richEncoding)"],
    [Object.assign([1], { total: 1 }), "a non-index property of an array at value.total (use richEncoding)"],
    [{ at: new Point() }, "an instance of Point at value.at"],
    [{ price: new Money() }, "an instance of Money at value.price"],
    [Object.assign(Object.create(null), { a: 1 }), "an object with a null prototype at value"],
    [{ [Symbol("id")]: 1 }, "a symbol-keyed property at value[Symbol(id)]"],
    [Object.defineProperty({}, "hidden", { value: 1 }), "a non-enumerable property at value.hidden"],
  ];
}

/** Asserts that `write` rejects with an `EncodingError` naming `key`, the adapter and `reason`. */
async function refused(
  { target, expect }: CheckContext,
  key: string,
  reason: string,
  write: () => Promise<unknown>,
): Promise<void> {
  const error = await write().then(
    () => expect.fail(`${reason}: the value was accepted`),
    (caught: unknown) => caught,
  );
  expect(error, reason).toBeInstanceOf(EncodingError);
  const { message, key: errorKey, adapter } = error as EncodingError;
  expect(errorKey).toBe(key);
  expect([target.name, "core"]).toContain(adapter);
  expect(message).toContain(`[durabledict:${adapter}] cannot encode key "${key}"`);
  expect(message).toContain(reason);
}

/**
 * Runs `refusals` and asserts that the store holds nothing afterwards: no entry, no raw payload under any of
 * `keys`, the version where it was. Nothing is deleted meanwhile, so any write at all would still show.
 */
async function nothingWritten(
  { newStore, fixture, expect }: CheckContext,
  keys: readonly string[],
  refusals: () => Promise<void>,
): Promise<void> {
  const store = await newStore();
  const before = await store.lastUpdated();
  await refusals();
  expect(await store.lastUpdated()).toEqual(before);
  expect((await store.durables()).size).toBe(0);
  for (const key of keys) expect(await fixture.rawGet(key)).toBeUndefined();
}

/** Something of every kind the rich encoding holds, a cycle included. */
function everythingRichHolds(): Record<string, unknown> {
  const value: Record<string, unknown> = {
    numbers: [-0, Number.NaN, Number.POSITIVE_INFINITY, 2n ** 70n],
    absent: undefined,
    when: new Date(0),
    index: new Map<unknown, unknown>([[{ id: 1 }, new Set(["a"])]]),
    pattern: /x+/gi,
    failure: new RangeError("out", { cause: { code: 3 } }),
    bytes: [new Uint8Array([1, 2]), new Float64Array([0.5]), new ArrayBuffer(2)],
  };
  value.self = value;
  return value;
}

/** Encodings read back exactly what was written or refuse it before the store sees it, on every adapter. */
export const lossyValueChecks: Check[] = [
  {
    id: "lossless.json",
    group,
    name: "a value JSON would read back changed is refused with EncodingError naming key and path, nothing written",
    async run(context) {
      const dict = await context.open();
      const cases = jsonLossyValues().map(([value, reason], i) => ({ key: `lossy${i}`, value, reason }));
      await nothingWritten(
        context,
        cases.map(({ key }) => key),
        async () => {
          for (const { key, value, reason } of cases) {
            await refused(context, key, reason, () => dict.set(key, value));
            await refused(context, key, reason, () => dict.setdefault(key, value));
            await refused(context, key, reason, () => dict.update({ fine: 1, [key]: value }));
          }
        },
      );
      context.expect(await dict.size()).toBe(0);
    },
  },
  {
    id: "lossless.rich",
    group,
    name: "the rich encoding refuses what it would change, and another process reads back exactly what it holds",
    async run(context) {
      const writer = await context.open({ encoding: richEncoding });
      const reader = await context.open({ encoding: richEncoding });
      const reason = "an instance of Point at value.points[0]";
      await nothingWritten(context, ["shape"], () =>
        refused(context, "shape", reason, () => writer.set("shape", { points: [new Point()] })),
      );
      const value = everythingRichHolds();
      await writer.set("all", value);
      deepStrictEqual(await reader.get("all"), value);
      deepStrictEqual(await writer.get("all"), value);
    },
  },
];
