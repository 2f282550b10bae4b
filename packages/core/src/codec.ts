import type { Encoding } from "./encodings/encoding.js";
import { jsonEncoding } from "./encodings/json-encoding.js";
import { noopEncoding } from "./encodings/noop-encoding.js";
import { DecodingError } from "./errors/decoding-error.js";
import { EncodingError } from "./errors/encoding-error.js";
import { type HandedValue, prepareValue } from "./frozen-value.js";

/** An encoding and its fallback, with errors that name the key and the adapter. */
export class Codec<P> {
  constructor(
    private readonly encoding: Encoding<P>,
    private readonly fallback: Encoding<P> | undefined,
    private readonly adapter: string,
  ) {}

  /** Encodes a value for `key`, or throws {@link EncodingError}. */
  encode(key: string, value: unknown): P {
    if (value === undefined) {
      throw new EncodingError(key, "undefined is not a storable value (use delete)", {
        adapter: this.adapter,
      });
    }
    try {
      return this.encoding.encode(value);
    } catch (cause) {
      throw new EncodingError(key, `${this.encoding.name} encoding refused the value: ${describe(cause)}`, {
        adapter: this.adapter,
        cause,
      });
    }
  }

  /**
   * The payload the encoding would write for `value`, a value it decoded itself: how the local copy tells
   * whether a payload can be recomputed from its value instead of kept beside it. JSON needs no checks for
   * such a value (`JSON.stringify` alone); `noopEncoding` stores the value itself; any other encoding encodes
   * it again. `undefined` when it cannot say.
   */
  canonical(value: unknown): P | undefined {
    if (this.encoding === (jsonEncoding as Encoding<unknown>)) return JSON.stringify(value) as P;
    if (this.encoding === (noopEncoding as Encoding<unknown>)) return value as P;
    try {
      return this.encoding.encode(value);
    } catch {
      return undefined;
    }
  }

  /** Decodes the payload stored under `key` (trying the fallback encoding next), or throws {@link DecodingError}. */
  decode(key: string, payload: P): HandedValue {
    try {
      return prepareValue(this.encoding.decode(payload));
    } catch (cause) {
      if (this.fallback !== undefined) {
        try {
          return prepareValue(this.fallback.decode(payload));
        } catch {
          // Report the primary encoding's complaint: it is the one the user configured first.
        }
      }
      throw new DecodingError(key, `${this.encoding.name} encoding failed: ${describe(cause)}`, {
        adapter: this.adapter,
        cause,
      });
    }
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
