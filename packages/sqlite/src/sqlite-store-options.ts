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
   * Turns the watch on: the store polls the file every this many milliseconds for commits by other
   * processes (writes through other connections in this process arrive at once), and an autosync dict
   * then reads its local copy without asking the file first. The price: a read may miss another process's
   * write for up to one interval. Off by default, so every autosync read asks the file (one indexed query).
   */
  watchInterval?: number;
  /**
   * How many versions back deletions are remembered for `changesSince`. A reader further behind than this
   * reloads the whole table once. Bounds the tombstone table to this many rows. Default 10000.
   */
  deletionWindow?: number;
}
