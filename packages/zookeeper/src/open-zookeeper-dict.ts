import { DurableDict, type DurableDictOptions, StoreUnavailableError } from "@durabledict/core";
import type { Client } from "node-zookeeper-client";
import { ZookeeperStore } from "./zookeeper-store.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** Options of {@link openZookeeperDict}: the dict's and the store's. */
export interface OpenZookeeperDictOptions extends DurableDictOptions<string>, ZookeeperStoreOptions {}

/**
 * Opens a dict stored under the znode `path` (created if missing) through a client you built and connected.
 * Closing the dict closes its store, never `client`.
 */
export async function openZookeeperDict<V = unknown>(
  client: Client,
  path: string,
  options: OpenZookeeperDictOptions = {},
): Promise<DurableDict<V>> {
  const store = new ZookeeperStore(client, path, options);
  try {
    await store.ensureRoot().catch((cause: unknown) => {
      throw new StoreUnavailableError("ensureRoot", { adapter: store.name, cause });
    });
    return await DurableDict.open<V>(store, { ownsStore: true, ...options });
  } catch (error) {
    await store.close();
    throw error;
  }
}
