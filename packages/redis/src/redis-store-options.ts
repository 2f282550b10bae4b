/** Options of a {@link RedisStore}. */
export interface RedisStoreOptions {
  /** Wrap the keyspace in a hash tag (`{settings}`), as Redis Cluster needs for scripts. Default `false`. */
  hashTag?: boolean;
  /**
   * Subscribe to change notifications (our writers' channel, and keyspace notifications where the server
   * sends them), so autosync reads need no round trip while the subscription is healthy. Default `false`:
   * every autosync read checks the version, which sees every writer at once.
   */
  watch?: boolean;
  /** Keep a change log so a sync fetches only what changed (`changesSince`). Default `true`. */
  changeLog?: boolean;
  /** The most keys the change log remembers; older entries are trimmed. Default 10,000. */
  changeLogSize?: number;
  /** A sync that would fetch more changes than this reloads the whole hash instead. Default 1,000. */
  maxChangesPerSync?: number;
  /**
   * Milliseconds one command may take before it rejects (a write then says it may have been applied), and
   * that a command waits for the store's connection to come up. Default 2000.
   */
  commandTimeout?: number;
  /** How many fields each `HSCAN` step asks for when loading the whole hash. Default 1000. */
  scanCount?: number;
}
