/** A version as the database spells it, `<epoch>:<counter>`, split; `undefined` for anything else. */
export function splitVersion(version: unknown): { epoch: string; counter: number } | undefined {
  if (typeof version !== "string") return undefined;
  const at = version.lastIndexOf(":");
  const counter = Number(version.slice(at + 1));
  return at > 0 && Number.isSafeInteger(counter) ? { epoch: version.slice(0, at), counter } : undefined;
}
