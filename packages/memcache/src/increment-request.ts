import type { Response } from "memjs";

/** The binary protocol's increment opcode. */
const increment = 0x05;

/**
 * memcached's binary protocol answers an increment of a missing key by creating it, unless the expiration
 * field is all ones; we want "missing" reported, so the owner rebuilds the counter from the store.
 */
const failIfMissing = 0xffffffff;

/** The status memcached answers for a key it does not hold. */
const keyNotFound = 1;

/** A binary-protocol request that adds one to `key` without creating it, tagged with `seq` (memjs's opaque). */
export function incrementRequest(key: string, seq: number): Buffer {
  const name = Buffer.from(key, "utf8");
  // Extras: delta, initial value (both 64-bit), expiration (32-bit).
  const extras = Buffer.alloc(20);
  extras.writeBigUInt64BE(1n, 0);
  extras.writeBigUInt64BE(0n, 8);
  extras.writeUInt32BE(failIfMissing, 16);
  const header = Buffer.alloc(24);
  header.writeUInt8(0x80, 0);
  header.writeUInt8(increment, 1);
  header.writeUInt16BE(name.length, 2);
  header.writeUInt8(extras.length, 4);
  header.writeUInt32BE(extras.length + name.length, 8);
  header.writeUInt32BE(seq, 12);
  return Buffer.concat([header, extras, name]);
}

/**
 * The counter's new value from an increment's reply (a 64-bit big-endian integer), `undefined` when the key
 * was missing. Throws for any other status, and a `RangeError` past `Number.MAX_SAFE_INTEGER`.
 */
export function readIncrementReply(key: string, response: Response): number | undefined {
  const { status } = response.header;
  if (status === keyNotFound) return undefined;
  if (status !== 0) {
    throw new Error(`memcache increment of ${JSON.stringify(key)} failed with status ${status}`);
  }
  const value = response.val.readBigUInt64BE(0);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`memcache counter ${JSON.stringify(key)} is ${value}, past 2^53 - 1`);
  }
  return Number(value);
}
