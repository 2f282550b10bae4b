import { DurableDict, type DurableDictOptions } from "@durabledict/core";
import type { RedisClient } from "./redis-client.js";
import { RedisStore } from "./redis-store.js";
import type { RedisStoreOptions } from "./redis-store-options.js";

/** Options of {@link openRedisDict}: every dict option plus the store's. */
export type RedisDictOptions = Omit<DurableDictOptions<string>, "watch"> & RedisStoreOptions;

/**
 * Opens a dict on the hash `keyspace` through `client` and loads it; `close()` never closes the client. With
 * `watch: true`, a refresh (`refreshInterval`, 1000 ms unless given) catches writers that publish nothing.
 */
export function openRedisDict<V = unknown>(
  client: RedisClient,
  keyspace: string,
  options: RedisDictOptions = {},
): Promise<DurableDict<V>> {
  const store = new RedisStore(client, keyspace, options);
  const watching = options.watch === true && options.autosync !== false;
  const refreshInterval = options.refreshInterval ?? (watching ? 1000 : undefined);
  return DurableDict.open<V>(store, { ownsStore: true, ...options, refreshInterval, watch: watching });
}
