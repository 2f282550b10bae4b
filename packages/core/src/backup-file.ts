import { readFile, rename, writeFile } from "node:fs/promises";
import { DurableDictError } from "./errors/durable-dict-error.js";
import type { Version } from "./version.js";

const format = "durabledict-backup";
const formatVersion = 1;

/** What a backup file holds: a dict's payloads and the store version they reflect. */
export interface Backup {
  /** The store the copy came from: the adapter's name and, when it is a string, the store's scope. */
  store: string;
  version: Version;
  entries: Map<string, string>;
  /** When the copy was written, in milliseconds since the epoch. */
  savedAt: number;
}

/** The file as JSON: the version spelled so a bigint and `undefined` survive. */
interface BackupJson {
  format: typeof format;
  formatVersion: typeof formatVersion;
  store: string;
  version: { type: "number" | "bigint" | "string" | "undefined"; value: string };
  savedAt: number;
  entries: Record<string, string>;
}

/**
 * Writes `backup` to `file` atomically: a temporary file beside it, then a rename, so a reader (or a crash)
 * finds the old copy or the new one, never half of one.
 */
export async function writeBackup(file: string, backup: Backup): Promise<void> {
  const json: BackupJson = {
    format,
    formatVersion,
    store: backup.store,
    version: { type: typeof backup.version as BackupJson["version"]["type"], value: String(backup.version) },
    savedAt: backup.savedAt,
    entries: Object.fromEntries(backup.entries),
  };
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, JSON.stringify(json));
  await rename(temporary, file);
}

/**
 * Reads the backup in `file` for the store `store`. Throws `DurableDictError` for a file that is not a
 * backup of this store (truncated, corrupt, another format, another store): it is refused whole, never
 * half-loaded. Rejects with the file system's error (ENOENT, …) as it is.
 */
export async function readBackup(file: string, store: string, adapter: string): Promise<Backup> {
  const text = await readFile(file, "utf8");
  const refuse = (reason: string): never => {
    throw new DurableDictError(`backup file ${JSON.stringify(file)} refused: ${reason}`, { adapter });
  };
  let json: Partial<BackupJson>;
  try {
    json = JSON.parse(text) as Partial<BackupJson>;
  } catch (cause) {
    throw new DurableDictError(`backup file ${JSON.stringify(file)} refused: it is not complete JSON`, {
      adapter,
      cause,
    });
  }
  if (typeof json !== "object" || json === null || json.format !== format)
    refuse("it is not a durabledict backup");
  if (json.formatVersion !== formatVersion)
    refuse(`format version ${json.formatVersion} is not ${formatVersion}`);
  if (json.store !== store)
    refuse(`it holds the dict of ${JSON.stringify(json.store)}, not of ${JSON.stringify(store)}`);
  const entries = json.entries;
  if (typeof entries !== "object" || entries === null || Array.isArray(entries)) refuse("it has no entries");
  for (const payload of Object.values(entries!))
    if (typeof payload !== "string") refuse("an entry is not text");
  if (typeof json.savedAt !== "number") refuse("it has no time of writing");
  return {
    store,
    version: readVersion(json.version, refuse),
    entries: new Map(Object.entries(entries!)),
    savedAt: json.savedAt!,
  };
}

function readVersion(spelled: BackupJson["version"] | undefined, refuse: (reason: string) => never): Version {
  if (typeof spelled !== "object" || spelled === null || typeof spelled.value !== "string")
    refuse("it has no version");
  const { type, value } = spelled!;
  switch (type) {
    case "string":
      return value;
    case "undefined":
      return undefined;
    case "number": {
      const number = Number(value);
      return Number.isFinite(number) ? number : refuse("its version is not a number");
    }
    case "bigint":
      return /^-?\d+$/.test(value) ? BigInt(value) : refuse("its version is not an integer");
    default:
      return refuse(`its version has the unknown type ${JSON.stringify(type)}`);
  }
}
