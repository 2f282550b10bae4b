import { EncodingError, InvalidKeyError } from "@durabledict/core";
import { utf8Over } from "@durabledict/core/adapter";
import type { ColumnLimits } from "./table-columns.js";

/** The largest key a btree index entry holds: 2,704 bytes per entry, less its headers, for an incompressible key. */
export const maxKeyBytes = 2692;

/**
 * The largest payload the store accepts, in UTF-8 bytes. PostgreSQL holds at most 1 GB in one text value,
 * and the protocol message that carries a write (key, payload and framing) must stay under 1 GB too; the
 * practical limit is lower: a write holds the payload several times over in the client's and the server's
 * memory, and every process of the dict holds it in its copy. 512 MiB keeps a margin below what the server
 * refuses.
 */
export const maxPayloadBytes = 512 * 1024 * 1024;

const adapter = "postgres";

/** Throws `InvalidKeyError` for a key PostgreSQL text, the key index or the key column cannot hold. */
export function checkKey(key: string, limits: ColumnLimits): void {
  if (key.includes("\0"))
    throw new InvalidKeyError(key, "PostgreSQL text cannot hold a NUL character", adapter);
  if (utf8Over(key, maxKeyBytes) !== undefined) {
    throw new InvalidKeyError(
      key,
      `longer than the ${maxKeyBytes} bytes of UTF-8 an index entry holds`,
      adapter,
    );
  }
  if (overChars(key, limits.keyChars)) {
    throw new InvalidKeyError(key, `longer than the key column's ${limits.keyChars} characters`, adapter);
  }
}

/** Throws `EncodingError` for a payload PostgreSQL text or the value column cannot hold. */
export function checkPayload(key: string, payload: string, limits: ColumnLimits): void {
  if (payload.includes("\0")) {
    throw new EncodingError(key, "PostgreSQL text cannot hold a NUL character", { adapter });
  }
  if (utf8Over(payload, maxPayloadBytes) !== undefined) {
    throw new EncodingError(key, `larger than the ${maxPayloadBytes} bytes this store accepts in one value`, {
      adapter,
    });
  }
  if (overChars(payload, limits.valueChars)) {
    throw new EncodingError(key, `longer than the value column's ${limits.valueChars} characters`, {
      adapter,
    });
  }
}

/** Whether `text` has more than `limit` characters (code points, as PostgreSQL counts them). */
function overChars(text: string, limit: number | undefined): boolean {
  if (limit === undefined || text.length <= limit) return false;
  let count = 0;
  for (const _ of text) if (++count > limit) return true;
  return false;
}
