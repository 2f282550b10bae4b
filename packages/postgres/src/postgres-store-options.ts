/** Options of a {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** The dict's table: created when missing, or an existing table whose key and value columns are named below. */
  table: string;
  /** The table's schema. Default: the connection's `current_schema()`, usually `public`. */
  schema?: string;
  /** The key column: text or varchar, with a unique index of its own. Default `"key"`. */
  keyColumn?: string;
  /** The value column, holding the encoded payload: text or varchar. Default `"value"`. */
  valueColumn?: string;
  /**
   * `LISTEN` for the table's notifications, so that autosync reads cost no round trip while it is up: on one
   * connection per pool, made beside it and shared by every watching store on the pool. Default `true`;
   * `false` makes every autosync read check the version.
   */
  watch?: boolean;
  /**
   * How long, in milliseconds, one round trip (a checkout from the pool, a statement) may take before it is
   * failed. Default 2000. Opening the table (which may install its triggers) gets ten times this.
   */
  commandTimeout?: number;
  /**
   * How often, in milliseconds, the listening connection proves it is alive with a round trip: a connection
   * that died without closing goes unnoticed for at most this plus `commandTimeout`. Default 2000. The first
   * watching store on a pool sets this and `commandTimeout` for the pool's listening connection.
   */
  watchHeartbeat?: number;
}
