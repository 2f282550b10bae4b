import { DurableDictError } from "./durable-dict-error.js";
import { errorMarker } from "./error-marker.js";
import { quoteKey } from "./quote-key.js";

const marker = errorMarker("InvalidKeyError");

/** A key the store cannot hold. Thrown before anything is written. */
export class InvalidKeyError extends DurableDictError {
  /** Why the key was refused. */
  readonly reason: string;

  constructor(key: unknown, reason: string, adapter?: string) {
    super(`invalid key ${quoteKey(key)}: ${reason}`, {
      key: typeof key === "string" ? key : undefined,
      adapter,
    });
    this.reason = reason;
    marker.mark(this);
  }

  /** True for an `InvalidKeyError` from this copy of core or another. */
  static override isInstance(value: unknown): value is InvalidKeyError {
    return marker.test(value);
  }
}
