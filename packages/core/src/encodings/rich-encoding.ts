import { deserialize, serialize } from "node:v8";
import type { Encoding } from "./encoding.js";
import { findRichLoss } from "./rich-loss.js";

const prefix = "v8:";

/**
 * Node's structured serializer (`node:v8`), base64 text prefixed `v8:`. Decoding rebuilds plain data and runs
 * no code (unlike the Python original's pickle default). Node-only: Python processes cannot read it.
 *
 * Holds exactly (reads back `assert.deepStrictEqual` to what was stored, after the dict's copy on read):
 * strings, numbers (`-0`, `NaN`, `±Infinity` included), bigints, booleans, `null`, `undefined` inside objects
 * and arrays; plain objects; arrays, holes and named properties included; `Date` (an invalid one too); `Map`
 * and `Set` (object keys included); `RegExp` whose `lastIndex` is 0; `Error`, `EvalError`, `RangeError`,
 * `ReferenceError`, `SyntaxError`, `TypeError` and `URIError` with their message, stack and `cause`;
 * `ArrayBuffer` (resizable too), `DataView` and every typed array (`Int8Array` to `BigUint64Array`);
 * `Number`, `String`, `Boolean` and `BigInt` objects; cycles and shared sub-objects. A getter is stored as
 * the value it returns.
 *
 * Refuses, with a `TypeError` naming the path into the value, everything it would change: `undefined` as the
 * whole value, functions, symbols; class instances and subclasses of the built-ins above (a custom Error
 * type, `AggregateError`), objects with a null prototype, `Buffer` (it would read back as a `Uint8Array`),
 * `SharedArrayBuffer`, `WeakMap` and other objects V8 cannot clone; non-enumerable and symbol-keyed
 * properties; any property of a `Date`, `Map`, `Set`, `RegExp`, `ArrayBuffer`, `DataView` or boxed primitive,
 * and any but a constructor-made message, stack and cause of an Error; a `RegExp` part-way through a match; a
 * cycle that leads back to an Error from inside its cause (V8 cannot read it back). Not looked for: named
 * properties of a typed array and non-enumerable named properties of an array (finding one costs a string per
 * element).
 */
export const richEncoding: Encoding<string> = {
  name: "rich",
  encode(value) {
    const loss = findRichLoss(value);
    if (loss !== undefined) throw new TypeError(loss.describe());
    return prefix + serialize(value).toString("base64");
  },
  decode(payload) {
    if (!payload.startsWith(prefix)) throw new TypeError("not a rich-encoded payload");
    return deserialize(Buffer.from(payload.slice(prefix.length), "base64"));
  },
};
