import { DurableDictError } from "./durable-dict-error.js";
import { quoteKey } from "./quote-key.js";

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
  }
}
