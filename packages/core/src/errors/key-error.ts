import { DurableDictError } from "./durable-dict-error.js";
import { errorMarker } from "./error-marker.js";
import { quoteKey } from "./quote-key.js";

const marker = errorMarker("KeyError");

/** Thrown by `pop(key)` without a fallback when the key is missing. */
export class KeyError extends DurableDictError {
  constructor(key: string, adapter?: string) {
    super(`key ${quoteKey(key)} is missing`, { key, adapter });
    marker.mark(this);
  }

  /** True for a `KeyError` from this copy of core or another. */
  static override isInstance(value: unknown): value is KeyError {
    return marker.test(value);
  }
}
