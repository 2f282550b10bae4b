import { DurableDictError } from "./durable-dict-error.js";
import { quoteKey } from "./quote-key.js";

/** A stored payload that neither the encoding nor the fallback encoding can decode. Only that key fails. */
export class DecodingError extends DurableDictError {
  constructor(key: string, reason: string, options: { adapter?: string; cause?: unknown } = {}) {
    super(`cannot decode key ${quoteKey(key)}: ${reason}`, { key, ...options });
  }
}
