/** A value as one line of JSON, as `get`, `list` and `watch` print it. */
export function formatValue(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}
