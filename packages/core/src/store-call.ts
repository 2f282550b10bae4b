import { NotSentError } from "./adapter/not-sent-error.js";
import { DurableDictError } from "./errors/durable-dict-error.js";
import { StoreUnavailableError } from "./errors/store-unavailable-error.js";

/** The store operations that write. */
const writes = new Set(["persist", "persistMany", "depersist", "pop", "setdefault"]);

/**
 * Runs one store operation; a driver error comes out as {@link StoreUnavailableError} carrying it as
 * `cause`, while durabledict's own errors (an adapter's `InvalidKeyError`, say) pass through as they are.
 * A failed write says whether it may have been applied: not when the adapter reported it as never sent.
 */
export async function storeCall<T>(
  adapter: string,
  operation: string,
  key: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw storeError(adapter, operation, key, cause);
  }
}

/** What a store operation that failed with `cause` rejects with: see {@link storeCall}. */
export function storeError(
  adapter: string,
  operation: string,
  key: string | undefined,
  cause: unknown,
): Error {
  if (DurableDictError.isInstance(cause)) return cause;
  const applied = writes.has(operation) ? (notSent(cause) ? "no" : "unknown") : undefined;
  return new StoreUnavailableError(operation, { adapter, key, cause, applied });
}

/** Whether `cause` is a {@link NotSentError}, from this copy of core or another. */
function notSent(cause: unknown): boolean {
  return cause instanceof NotSentError || (cause instanceof Error && cause.name === "NotSentError");
}
