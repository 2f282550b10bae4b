/** A value as one line of JSON, as `get`, `list`, `watch` and `import` print it. */
export function formatValue(value: unknown): string {
  return String(JSON.stringify(value));
}
