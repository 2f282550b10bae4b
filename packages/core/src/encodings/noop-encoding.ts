import type { Encoding } from "./encoding.js";

/**
 * Stores the value itself, for the memory store only. `encode` takes a structured clone, so a later change
 * to the caller's object cannot reach the store, and values a clone cannot hold (functions, symbols) fail.
 */
export const noopEncoding: Encoding<unknown> = {
  name: "noop",
  encode(value) {
    if (value === undefined) throw new TypeError("undefined cannot be stored");
    return structuredClone(value);
  },
  decode(payload) {
    return payload;
  },
};
