/** Datastore's limit on one entity, in bytes. */
export const maxEntityBytes = 1_048_572;

/** Datastore's limit on an unindexed string property, in UTF-8 bytes. */
export const maxUnindexedStringBytes = 1_048_487;

/** Room left for the property name, the entity's own bookkeeping, and rounding in Datastore's accounting. */
const entityOverheadBytes = 64;

/**
 * Why an entity holding `payload` beside `otherBytes` (every path element's kind and name, the namespace,
 * other properties) would exceed Datastore's limits, or `undefined` when it fits.
 */
export function payloadProblem(payload: string, otherBytes: number): string | undefined {
  const bytes = Buffer.byteLength(payload, "utf8");
  if (bytes > maxUnindexedStringBytes) {
    return `the encoded value is ${bytes} bytes; Datastore holds at most ${maxUnindexedStringBytes} in a property`;
  }
  const total = bytes + otherBytes + entityOverheadBytes;
  if (total > maxEntityBytes) {
    return `the entity would be about ${total} bytes; Datastore holds at most ${maxEntityBytes} per entity`;
  }
  return undefined;
}
