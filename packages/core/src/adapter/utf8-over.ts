/**
 * The UTF-8 length of `text` when it is over `limit` bytes, else `undefined`. A string too short to be over
 * (a UTF-16 unit takes at most 3 UTF-8 bytes) is not counted, so checking a small value costs nothing.
 */
export function utf8Over(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > limit ? bytes : undefined;
}
