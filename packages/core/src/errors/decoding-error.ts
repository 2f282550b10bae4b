import { DurableDictError } from "./durable-dict-error.js";
import { errorMarker } from "./error-marker.js";
import { quoteKey } from "./quote-key.js";

const marker = errorMarker("DecodingError");

/** A stored payload that neither the encoding nor the fallback encoding can decode. Only that key fails. */
export class DecodingError extends DurableDictError {
  /**
   * The stored payload, when the operation that met it also removed it from the store (`pop`): nothing is
   * lost, the caller holds what was there.
   */
  readonly payload: unknown;

  constructor(
    key: string,
    reason: string,
    options: { adapter?: string; cause?: unknown; payload?: unknown } = {},
  ) {
    const { payload, ...context } = options;
    super(`cannot decode key ${quoteKey(key)}: ${reason}`, { key, ...context });
    this.payload = payload;
    marker.mark(this);
  }

  /** True for a `DecodingError` from this copy of core or another. */
  static override isInstance(value: unknown): value is DecodingError {
    return marker.test(value);
  }
}
