/** Options of a {@link RedisStore}. */
export interface RedisStoreOptions {
  /** Wrap the keyspace in a hash tag (`{settings}`), as Redis Cluster needs for scripts. Default `false`. */
  hashTag?: boolean;
  /**
   * Subscribe to our writers' messages (and keyspace notifications where the server sends them), so autosync
   * reads cost no round trip while subscribed. Default `false`: each autosync read checks the version.
   */
  watch?: boolean;
  /** Keep a change log so a sync fetches only what changed (`changesSince`). Default `true`. */
  changeLog?: boolean;
  /** The most keys the change log remembers; older entries are trimmed. Default 10,000. */
  changeLogSize?: number;
  /** A sync that would fetch more changes than this reloads the whole hash instead. Default 1,000. */
  maxChangesPerSync?: number;
  /** Milliseconds a command waits to be sent, then for its reply (a late write may apply). Default 2000. */
  commandTimeout?: number;
  /** How many fields each `HSCAN` step asks for when loading the whole hash. Default 1000. */
  scanCount?: number;
}
