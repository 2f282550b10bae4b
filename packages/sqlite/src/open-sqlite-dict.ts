import {
  DurableDict,
  DurableDictError,
  type DurableDictOptions,
  StoreUnavailableError,
} from "@durabledict/core";
import type Database from "better-sqlite3";
import { SqliteStore } from "./sqlite-store.js";
import type { SqliteStoreOptions } from "./sqlite-store-options.js";

/** Options of {@link openSqliteDict}: the store's and the dict's. */
export type OpenSqliteDictOptions = SqliteStoreOptions & DurableDictOptions<string>;

/**
 * Opens a dict over one table of a SQLite file and loads it. Given a path, the dict opens the file (created
 * if missing) and closes it on `close()`; given a better-sqlite3 `Database`, it never closes it.
 * Rejects with `StoreUnavailableError` when the file cannot be opened or read.
 */
export async function openSqliteDict<V = unknown>(
  fileOrDatabase: string | Database.Database,
  options: OpenSqliteDictOptions = {},
): Promise<DurableDict<V>> {
  const { table, busyTimeout, journalMode, watchInterval, deletionWindow, ...dictOptions } = options;
  let store: SqliteStore;
  try {
    store = new SqliteStore(fileOrDatabase, {
      table,
      busyTimeout,
      journalMode,
      watchInterval,
      deletionWindow,
    });
  } catch (cause) {
    if (DurableDictError.isInstance(cause)) throw cause;
    throw new StoreUnavailableError("open", { adapter: "sqlite", cause });
  }
  return DurableDict.open<V>(store, { ownsStore: true, ...dictOptions });
}
