import { DurableDict, type DurableDictOptions } from "@durabledict/core";
import type { Client } from "node-zookeeper-client";
import { ZookeeperStore } from "./zookeeper-store.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** Options of {@link openZookeeperDict}: the dict's and the store's. */
export interface OpenZookeeperDictOptions extends DurableDictOptions<string>, ZookeeperStoreOptions {}

/**
 * Opens a dict under the znode `path` (created at the first read) through a client you built and connected;
 * with `backupFile`, it opens from the backup if ZooKeeper is unreachable. Closing it never closes `client`.
 */
export function openZookeeperDict<V = unknown>(
  client: Client,
  path: string,
  options: OpenZookeeperDictOptions = {},
): Promise<DurableDict<V>> {
  // Nothing is asked of ZooKeeper before core: its first call failing is what starts a dict from its backup.
  return DurableDict.open<V>(new ZookeeperStore(client, path, options), { ownsStore: true, ...options });
}
