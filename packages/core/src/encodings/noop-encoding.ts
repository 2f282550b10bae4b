import type { Encoding } from "./encoding.js";
import { findRichLoss } from "./rich-loss.js";

/**
 * Stores the value itself, for the memory store only. `encode` takes a structured clone, so a later change
 * to the caller's object cannot reach the store. It holds exactly what {@link richEncoding} holds (a
 * structured clone keeps what V8's serializer keeps) and refuses, naming the path, what a clone would change.
 */
export const noopEncoding: Encoding<unknown> = {
  name: "noop",
  encode(value) {
    const loss = findRichLoss(value);
    if (loss !== undefined) throw new TypeError(loss.describe());
    return structuredClone(value);
  },
  decode(payload) {
    return payload;
  },
};
