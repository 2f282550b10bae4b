/** Datastore's limit on a key name, in UTF-8 bytes. */
export const maxNameBytes = 1500;

/** Names matching `__.*__` are reserved by Datastore for its own kinds and keys. */
const reserved = /^__.*__$/s;

/**
 * Why Datastore would refuse `name` as a key name or kind, or `undefined` when it is acceptable.
 * The emulator is more lenient than the service, so this checks what the service enforces.
 */
export function datastoreNameProblem(name: string): string | undefined {
  if (name.length === 0) return "Datastore names must not be empty";
  if (Buffer.from(name, "utf8").toString("utf8") !== name)
    return "Datastore names must be valid Unicode (no lone surrogates)";
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > maxNameBytes)
    return `Datastore names are at most ${maxNameBytes} UTF-8 bytes, this is ${bytes}`;
  if (reserved.test(name)) return "names matching __.*__ are reserved by Datastore";
  return undefined;
}

/** Throws a `TypeError` for an option (kind, ancestor) Datastore would refuse, or that is one of `ours`. */
export function assertDatastoreName(what: string, name: string, ours: string[] = []): void {
  const problem = ours.includes(name)
    ? `${JSON.stringify(name)} is the kind of durabledict's own version entities`
    : datastoreNameProblem(name);
  if (problem !== undefined)
    throw new TypeError(`[durabledict:datastore] invalid ${what} ${JSON.stringify(name)}: ${problem}`);
}
