import { DurableDictError } from "@durabledict/core";

/** The error classes of `@durabledict/core` the command tells apart. */
export type DictErrorName =
  | "KeyError"
  | "InvalidKeyError"
  | "EncodingError"
  | "DecodingError"
  | "StoreUnavailableError";

/**
 * Whether `error` is a durabledict error of the class named `name`. It checks the name on a marked error
 * rather than the prototype chain, so it holds when the adapter resolved another copy of core.
 */
export function isDictError(error: unknown, name: DictErrorName): error is DurableDictError {
  return DurableDictError.isInstance(error) && error.name === name;
}
