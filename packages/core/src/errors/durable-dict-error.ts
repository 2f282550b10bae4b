import { errorMarker } from "./error-marker.js";

const marker = errorMarker();

/** Where an error happened: which adapter, and which key if one was involved. */
export interface ErrorContext {
  /** The adapter's name, as in `[durabledict:redis]`; `"core"` when no store was involved. */
  adapter?: string;
  /** The dict key the operation was about. */
  key?: string;
  /** The underlying error (usually the driver's). */
  cause?: unknown;
}

/**
 * Base class of every error durabledict throws. Messages read `[durabledict:<adapter>] …`.
 *
 * Use {@link DurableDictError.isInstance} rather than `instanceof` when two copies of core may be loaded
 * (say, two adapters that each resolved their own core): it checks a global symbol, not the prototype chain.
 * Every subclass has a marker and an `isInstance` of its own, so `KeyError.isInstance` is true for a
 * `KeyError` only.
 */
export class DurableDictError extends Error {
  /** The adapter that raised the error, or `"core"`. */
  readonly adapter: string;
  /** The key the operation was about, when there was one. */
  readonly key: string | undefined;

  constructor(message: string, context: ErrorContext = {}) {
    const adapter = context.adapter ?? "core";
    super(`[durabledict:${adapter}] ${message}`, context.cause === undefined ? {} : { cause: context.cause });
    this.name = new.target.name;
    this.adapter = adapter;
    this.key = context.key;
    marker.mark(this);
  }

  /** True for any durabledict error, from this copy of core or another. */
  static isInstance(value: unknown): value is DurableDictError {
    return marker.test(value);
  }
}
