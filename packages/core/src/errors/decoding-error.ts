import { DurableDictError } from "./durable-dict-error.js";
import { errorMarker } from "./error-marker.js";
import { quoteKey } from "./quote-key.js";

const marker = errorMarker("DecodingError");

/** A stored payload that neither the encoding nor the fallback encoding can decode. Only that key fails. */
export class DecodingError extends DurableDictError {
  constructor(key: string, reason: string, options: { adapter?: string; cause?: unknown } = {}) {
    super(`cannot decode key ${quoteKey(key)}: ${reason}`, { key, ...options });
    marker.mark(this);
  }

  /** True for a `DecodingError` from this copy of core or another. */
  static override isInstance(value: unknown): value is DecodingError {
    return marker.test(value);
  }
}
