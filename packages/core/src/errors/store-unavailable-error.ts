import { DurableDictError } from "./durable-dict-error.js";
import { quoteKey } from "./quote-key.js";

/**
 * The store could not be reached or refused the operation. `cause` carries the driver's error.
 * Reads keep serving the last synced copy; writes reject with this error and nothing is acknowledged.
 */
export class StoreUnavailableError extends DurableDictError {
  /** What was being done: `"persist"`, `"lastUpdated"`, … */
  readonly operation: string;

  constructor(operation: string, options: { adapter?: string; key?: string; cause?: unknown } = {}) {
    const about = options.key === undefined ? "" : ` key ${quoteKey(options.key)}`;
    const why = options.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(`store unavailable during ${operation}${about}${why}`, options);
    this.operation = operation;
  }
}
