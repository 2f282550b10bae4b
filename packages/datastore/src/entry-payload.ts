/** How a payload that stands for a value other than a string begins: text no bundled encoding decodes. */
export const foreignValuePrefix = "!datastore:";

/**
 * The payload an entry entity holds: its `value` when that is a string, as every durabledict writer stores
 * it. Any other `value` (another program's blob, integer, null, array; or none at all) becomes
 * `!datastore:<type>:<data>` — `blob` with base64 data, `missing` and `null` with none, others as JSON — a
 * payload the JSON and rich encodings refuse. The dict then reports that key with `DecodingError` (an `error`
 * event, and `pop` hands this payload over on the error) instead of hiding the entity.
 */
export function entryPayload(entity: object): string {
  const { value } = entity as { value?: unknown };
  if (typeof value === "string") return value;
  return `${foreignValuePrefix}${typeName(value)}:${render(value)}`;
}

function typeName(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Buffer.isBuffer(value)) return "blob";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "timestamp";
  return typeof value === "object" ? "entity" : typeof value;
}

function render(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
