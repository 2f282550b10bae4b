/** How a {@link SqliteStore} lays out and reaches its dict. */
export interface SqliteStoreOptions {
  /**
   * The dict's table, created if missing. Letters, digits and `_`, starting with a letter or `_`, at most 64
   * characters, not starting with `sqlite_` nor ending in `__changes`. Default `"durabledict"`. Several dicts
   * can share one file under different tables. Folded to lower case, as SQLite compares table names: `Flags`
   * and `flags` name one table, and so one dict.
   */
  table?: string;
  /**
   * Only when the store opens the file itself (given a path): how long, in milliseconds, a call waits for
   * another connection's lock before failing with `SQLITE_BUSY`. Default 5000. A `Database` you pass keeps
   * its own `timeout`.
   */
  busyTimeout?: number;
  /**
   * Only when the store opens the file itself: `"wal"` (default: readers never wait for a writer) or
   * `"delete"` (the rollback journal, for file systems without shared memory such as network mounts).
   * A `Database` you pass keeps its own journal mode.
   */
  journalMode?: "wal" | "delete";
  /**
   * Turns the watch on: the store polls the file every this many milliseconds for commits by other
   * connections (dicts of this process over the same table hear of each other's writes at once), and an
   * autosync dict then reads its local copy without asking the file first. The price: a read may miss
   * another process's write for up to one interval, plus however long that process's event loop is busy.
   * Off by default, so every autosync read asks the file (one query). Ignored for an in-memory database,
   * which no other connection can write.
   */
  watchInterval?: number;
  /**
   * How many versions back `changesSince` answers, so a reader that far behind fetches only what changed
   * (deletions included); one further behind reloads the whole table once. The change log keeps one row per
   * key written or deleted, for at least this many versions, and is pruned once every sixteenth of it.
   * Default 10000.
   */
  deletionWindow?: number;
}
