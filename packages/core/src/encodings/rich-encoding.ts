import { deserialize, serialize } from "node:v8";
import type { Encoding } from "./encoding.js";

const prefix = "v8:";

/**
 * Node's structured serializer (`node:v8`), base64 text prefixed `v8:`. Holds what JSON cannot: `Date`,
 * `Map`, `Set`, `BigInt`, typed arrays, `undefined` inside objects, cycles. Decoding rebuilds plain data
 * and runs no code (unlike the Python original's pickle default). Functions and symbols are refused.
 * Node-only: Python processes cannot read it.
 */
export const richEncoding: Encoding<string> = {
  name: "rich",
  encode(value) {
    if (value === undefined) throw new TypeError("undefined cannot be stored");
    return prefix + serialize(value).toString("base64");
  },
  decode(payload) {
    if (!payload.startsWith(prefix)) throw new TypeError("not a rich-encoded payload");
    return deserialize(Buffer.from(payload.slice(prefix.length), "base64"));
  },
};
