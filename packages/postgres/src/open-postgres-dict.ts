import { DurableDict, type DurableDictOptions } from "@durabledict/core";
import type pg from "pg";
import { PostgresStore } from "./postgres-store.js";
import type { PostgresStoreOptions } from "./postgres-store-options.js";

/** Options of {@link openPostgresDict}: the table and store options, and every dict option. */
export type PostgresDictOptions = Omit<DurableDictOptions<string>, "watch"> & PostgresStoreOptions;

/**
 * Opens a dict on a table through `pool` and loads it: the table is created when missing (`key text PRIMARY
 * KEY, value text`), or an existing one is used through its `keyColumn` and `valueColumn`. `close()` ends
 * what the store opened (its listening connection) but never the pool.
 */
export async function openPostgresDict<V = unknown>(
  pool: pg.Pool,
  options: PostgresDictOptions,
): Promise<DurableDict<V>> {
  const { table, schema, keyColumn, valueColumn, watch, commandTimeout, watchHeartbeat, ...dict } = options;
  const store = await PostgresStore.open(pool, {
    table,
    schema,
    keyColumn,
    valueColumn,
    watch,
    commandTimeout,
    watchHeartbeat,
  });
  return DurableDict.open<V>(store, { ownsStore: true, ...dict, watch: watch !== false });
}
