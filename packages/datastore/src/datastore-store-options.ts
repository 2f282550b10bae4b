import type { VersionCounter } from "@durabledict/core";

/** Where a {@link DatastoreStore} keeps a dict, and how it talks to Datastore. */
export interface DatastoreStoreOptions {
  /** The kind of the entry entities (the NDB model's name). Required; not `DurableDictVersion`. */
  kind: string;
  /**
   * The key name of the ancestor every entry hangs under. Default `ancestor-<kind>` (the seed blog's
   * `__ancestor-<kind>__` is reserved by today's Datastore).
   */
  ancestor?: string;
  /** The kind of the ancestor key. Default `DatastoreDictAncestorModel`, as in the seed blog. */
  ancestorKind?: string;
  /** The Datastore namespace. Default: the client's default namespace. */
  namespace?: string;
  /**
   * Where version checks are served from instead of Datastore, e.g. a `MemcacheVersionCounter`. The
   * version entity stays the truth; see {@link DatastoreStoreOptions.entityCheckInterval}.
   */
  versionCounter?: VersionCounter;
  /**
   * With a `versionCounter`: how often, in milliseconds, version checks also read the version entity, which
   * bounds how long a reader can miss a commit whose counter increment never happened. Default 5000.
   */
  entityCheckInterval?: number;
  /**
   * Most tombstones (records of deleted keys) kept for `changesSince`; past it the oldest are pruned, and a
   * reader that missed deletions older than those kept reloads the whole dict once. Default 1000.
   */
  tombstoneLimit?: number;
  /**
   * Milliseconds each Datastore call may take before the operation rejects, and that a write may wait behind
   * this store's earlier writes before it rejects unsent. Default 10000.
   */
  timeout?: number;
  /** Attempts in all for a write transaction that Datastore aborts on contention. Default 8. */
  transactionAttempts?: number;
}
