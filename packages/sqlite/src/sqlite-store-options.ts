/** How a {@link SqliteStore} lays out and reaches its dict. */
export interface SqliteStoreOptions {
  /**
   * The dict's table, created if missing. Letters, digits and `_`, starting with a letter or `_`, at most 64
   * characters, not starting with `sqlite_`. Default `"durabledict"`. Several dicts can share one file under
   * different tables.
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
   * How often, in milliseconds, a watching store polls the file for writes made by other processes.
   * Writes by other connections in this process arrive at once. Default 25.
   */
  watchInterval?: number;
  /**
   * How many versions back deletions are remembered for `changesSince`. A reader further behind than this
   * reloads the whole table once. Bounds the tombstone table to this many rows. Default 10000.
   */
  deletionWindow?: number;
}
