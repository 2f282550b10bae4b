import type { Encoding } from "./encoding.js";

/**
 * JSON text, the default. Readable by the Python durabledict's `JSONEncoding`, so Python and TypeScript
 * processes can share one dict. Refuses what JSON would silently change: `undefined`, functions, symbols,
 * bigints, cycles, and non-finite numbers (which JSON turns into `null`).
 */
export const jsonEncoding: Encoding<string> = {
  name: "json",
  encode(value) {
    const text = JSON.stringify(value, refuseLossyValues);
    if (text === undefined) throw new TypeError(`JSON cannot represent a value of type ${typeof value}`);
    return text;
  },
  decode(payload) {
    return JSON.parse(payload);
  },
};

function refuseLossyValues(_key: string, value: unknown): unknown {
  switch (typeof value) {
    case "undefined":
    case "function":
    case "symbol":
      throw new TypeError(`JSON cannot represent a ${typeof value}`);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`JSON cannot represent ${value}`);
      return value;
    default:
      return value;
  }
}
