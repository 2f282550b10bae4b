import { DurableDict, type DurableDictOptions } from "@durabledict/core";
import type { Datastore } from "@google-cloud/datastore";
import { DatastoreStore } from "./datastore-store.js";
import type { DatastoreStoreOptions } from "./datastore-store-options.js";

/** Options of {@link openDatastoreDict}: where the dict lives, plus every dict option. */
export type OpenDatastoreDictOptions = DatastoreStoreOptions & DurableDictOptions<string>;

/**
 * Opens a dict over a new {@link DatastoreStore} on a client you built (the client is never closed by the
 * dict), and syncs it once.
 */
export function openDatastoreDict<V = unknown>(
  datastore: Datastore,
  options: OpenDatastoreDictOptions,
): Promise<DurableDict<V>> {
  const {
    kind,
    ancestor,
    ancestorKind,
    namespace,
    versionCounter,
    entityCheckInterval,
    tombstoneLimit,
    timeout,
    transactionAttempts,
    ...dictOptions
  } = options;
  const store = new DatastoreStore(datastore, {
    kind,
    ancestor,
    ancestorKind,
    namespace,
    versionCounter,
    entityCheckInterval,
    tombstoneLimit,
    timeout,
    transactionAttempts,
  });
  return DurableDict.open<V>(store, { ownsStore: true, ...dictOptions });
}
