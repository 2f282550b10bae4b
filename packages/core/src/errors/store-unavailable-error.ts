import { DurableDictError } from "./durable-dict-error.js";
import { errorMarker } from "./error-marker.js";
import { quoteKey } from "./quote-key.js";

const marker = errorMarker("StoreUnavailableError");

/** Whether a write that failed may still have reached the store. */
export type WriteApplied = "no" | "unknown";

/**
 * The store could not be reached or refused the operation. `cause` carries the driver's error.
 * Reads keep serving the last synced copy; writes reject with this error and are not acknowledged: `applied`
 * says whether such a write may still have landed.
 */
export class StoreUnavailableError extends DurableDictError {
  /** What was being done: `"persist"`, `"lastUpdated"`, … */
  readonly operation: string;
  /**
   * For a write: `"no"` when it failed before anything reached the store (nothing was written), `"unknown"`
   * when it may still have been applied (the reply was lost or came too late). `undefined` for a read.
   */
  readonly applied: WriteApplied | undefined;

  constructor(
    operation: string,
    options: { adapter?: string; key?: string; cause?: unknown; applied?: WriteApplied } = {},
  ) {
    const about = options.key === undefined ? "" : ` key ${quoteKey(options.key)}`;
    const why = options.cause instanceof Error ? `: ${options.cause.message}` : "";
    const outcome =
      options.applied === undefined
        ? ""
        : options.applied === "no"
          ? " (not applied)"
          : " (may have been applied)";
    super(`store unavailable during ${operation}${about}${why}${outcome}`, options);
    this.operation = operation;
    this.applied = options.applied;
    marker.mark(this);
  }

  /** True for a `StoreUnavailableError` from this copy of core or another. */
  static override isInstance(value: unknown): value is StoreUnavailableError {
    return marker.test(value);
  }
}
