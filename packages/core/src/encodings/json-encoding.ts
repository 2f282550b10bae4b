import type { Encoding } from "./encoding.js";
import { findJsonLoss } from "./json-loss.js";
import { findRichLoss } from "./rich-loss.js";

/**
 * JSON text, the default. Readable by the Python durabledict's `JSONEncoding`, so Python and TypeScript
 * processes can share one dict.
 *
 * Holds exactly (reads back `assert.deepStrictEqual` to what was stored): strings, booleans, `null`, finite
 * numbers other than `-0`, and plain objects and arrays of those, a sub-object reached twice included (it
 * reads back as two equal copies). A getter is stored as the value it returns.
 *
 * Refuses, with a `TypeError` naming the path into the value (`a Map at value.flags (use richEncoding)`),
 * everything it would change: `undefined`, functions, symbols, bigints, `NaN`, `±Infinity`, `-0`; `Map`,
 * `Set`, `Date`, `RegExp`, `Error`, typed arrays, `ArrayBuffer`, boxed primitives, class instances (also
 * those with a `toJSON`) and objects with a null prototype; holes, `undefined` and named properties in
 * arrays; non-enumerable and symbol-keyed properties; cycles. The reason says `use richEncoding` when that
 * encoding would hold the whole value. Not looked for: a non-enumerable named property of an array (finding
 * one costs a string per element; `deepStrictEqual` ignores it too).
 *
 * The check walks the value once per write, before `JSON.stringify`; decoding is `JSON.parse` alone.
 */
export const jsonEncoding: Encoding<string> = {
  name: "json",
  encode(value) {
    const loss = findJsonLoss(value);
    if (loss !== undefined) {
      const hints = findRichLoss(value) === undefined ? ["use richEncoding"] : [];
      throw new TypeError(loss.describe(...hints));
    }
    return JSON.stringify(value);
  },
  decode(payload) {
    return JSON.parse(payload);
  },
};
