import type { Encoding } from "./encodings/encoding.js";

/** Options every dict takes. Adapters' `open<Name>Dict` functions accept these too. */
export interface DurableDictOptions<P = string> {
  /**
   * `true` (default): every read first makes sure the local copy is current, as the Python original does:
   * free while the store's watch is live, one `lastUpdated()` round trip otherwise.
   * `false`: reads serve the local copy as it is; only `sync()`, writes and `refreshInterval` refresh it.
   */
  autosync?: boolean;
  /** How values become payloads. Default {@link jsonEncoding}. */
  encoding?: Encoding<P>;
  /** Tried when `encoding` cannot decode a payload: reads what an older encoding wrote, for migrations. */
  fallbackEncoding?: Encoding<P>;
  /** Re-check the store's version in the background every this many milliseconds. Off by default. */
  refreshInterval?: number;
  /** Subscribe to the store's change notifications when it offers them (default `true`; needs `autosync`). */
  watch?: boolean;
  /**
   * How long, in milliseconds, an autosync read waits for the version check before serving the local copy
   * (and emitting `error`). Default 2000.
   */
  syncTimeout?: number;
  /**
   * After a failed version check, reads serve the local copy without asking again for this long, in
   * milliseconds, doubling up to 16 times this while the store stays down. Default 250.
   */
  retryDelay?: number;
  /**
   * A last-known-good copy on local disk. The dict keeps it current (after its own writes and syncs, a
   * second later at most, off the read path; `close()` writes what is pending), writing a temporary file and
   * renaming it over this path. When the store cannot be reached at open, the dict starts from this file
   * instead of rejecting: it serves the copy with `status` `"stale"` and keeps trying the store in the
   * background until a sync succeeds, then reloads everything from the store and goes `"live"`. A file that is
   * not a complete backup of this dict (truncated, corrupt, another dict's) is refused: the open rejects.
   * Writes always go to the store: while it is unreachable they reject, as they would without a backup.
   */
  backupFile?: string;
  /**
   * Values to start from when the store cannot be reached at open and there is no backup file (or it is
   * missing): as with a backup, the dict starts `"stale"` and goes live with the store's values by itself.
   */
  bootstrap?: Readonly<Record<string, unknown>>;
  /**
   * Whether the dict owns the store: `close()` closes it, and so does an open that fails. `DurableDict.open`
   * defaults to `false`; `open<Name>Dict` to `true`.
   */
  ownsStore?: boolean;
}
