/** Renders a key for an error message: quoted, and cut short when it is very long. */
export function quoteKey(key: unknown): string {
  if (typeof key !== "string") return `of type ${typeof key}`;
  const shown = key.length > 80 ? `${key.slice(0, 77)}...` : key;
  return JSON.stringify(shown);
}
