import { DurableDictError } from "./durable-dict-error.js";
import { quoteKey } from "./quote-key.js";

/** Thrown by `pop(key)` without a fallback when the key is missing. */
export class KeyError extends DurableDictError {
  constructor(key: string, adapter?: string) {
    super(`key ${quoteKey(key)} is missing`, { key, adapter });
  }
}
