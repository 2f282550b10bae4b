import { DurableDictError } from "./durable-dict-error.js";
import { errorMarker } from "./error-marker.js";
import { quoteKey } from "./quote-key.js";

const marker = errorMarker("EncodingError");

/** A value the encoding (or the store) cannot hold. Thrown before anything is written. */
export class EncodingError extends DurableDictError {
  constructor(key: string, reason: string, options: { adapter?: string; cause?: unknown } = {}) {
    super(`cannot encode key ${quoteKey(key)}: ${reason}`, { key, ...options });
    marker.mark(this);
  }

  /** True for an `EncodingError` from this copy of core or another. */
  static override isInstance(value: unknown): value is EncodingError {
    return marker.test(value);
  }
}
