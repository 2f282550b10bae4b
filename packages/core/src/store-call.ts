import { DurableDictError } from "./errors/durable-dict-error.js";
import { StoreUnavailableError } from "./errors/store-unavailable-error.js";

/**
 * Runs one store operation; a driver error comes out as {@link StoreUnavailableError} carrying it as
 * `cause`, while durabledict's own errors (an adapter's `InvalidKeyError`, say) pass through as they are.
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
    if (DurableDictError.isInstance(cause)) throw cause;
    throw new StoreUnavailableError(operation, { adapter, key, cause });
  }
}
