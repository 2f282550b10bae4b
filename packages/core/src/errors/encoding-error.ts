import { DurableDictError } from "./durable-dict-error.js";
import { quoteKey } from "./quote-key.js";

/** A value the encoding (or the store) cannot hold. Thrown before anything is written. */
export class EncodingError extends DurableDictError {
  constructor(key: string, reason: string, options: { adapter?: string; cause?: unknown } = {}) {
    super(`cannot encode key ${quoteKey(key)}: ${reason}`, { key, ...options });
  }
}
