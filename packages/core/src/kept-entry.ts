import type { DecodingError } from "./errors/decoding-error.js";
import type { HandedValue } from "./frozen-value.js";

/**
 * A cached entry that needs more than its value: one copied on every read (a `Map`, a `Date`…), one whose
 * payload did not decode, or one whose payload is not the canonical encoding of its value (written by another
 * program: a Python `json.dumps` with spaces, an older encoding). Every other entry is cached as its frozen
 * value alone, as small as in a `Map` of the values.
 */
export class KeptEntry<P> {
  constructor(
    readonly payload: P,
    readonly value: unknown,
    readonly copyOnRead: boolean,
    readonly error: DecodingError | undefined,
  ) {}

  /** The entry for a payload and its decoded value, or the error decoding it gave. */
  static of<P>(payload: P, decoded: HandedValue | DecodingError): KeptEntry<P> {
    if (decoded instanceof Error) return new KeptEntry(payload, undefined, false, decoded);
    return new KeptEntry(payload, decoded.value, decoded.copyOnRead, undefined);
  }
}
