/** Control characters (C0, DEL, C1), which would move a terminal's cursor or start an escape sequence. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being escaped.
const control = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with control characters shown as `\uXXXX`, for printing keys and values to a terminal. */
export function printable(text: string): string {
  return text.replace(control, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
