import type { Version } from "./version.js";

/** What a write did to the store's version, so the writer can skip a re-sync when no one else wrote. */
export interface VersionStep {
  /** The version just before this write, read in the same atomic step. */
  previous: Version;
  /** The version this write produced. */
  version: Version;
}

/** The result of an atomic `pop`. */
export interface PopResult<P> extends Partial<VersionStep> {
  /** The payload that was removed. */
  payload: P;
}

/** The result of an atomic `setdefault`. */
export interface SetdefaultResult<P> extends Partial<VersionStep> {
  /** The payload now stored under the key: the existing one, or the one just created. */
  payload: P;
  /** True when this call created the key (and so moved the version). */
  created: boolean;
}

/** The result of `depersist`. */
export interface DepersistResult extends Partial<VersionStep> {
  /** Whether the key existed before the call. */
  existed: boolean;
}

/** What changed in a store since a version: see {@link DurableStore.changesSince}. */
export interface StoreChanges<P> {
  /** The version the store is at once these changes are applied. */
  version: Version;
  /** Keys created or updated since the version asked about, with their current payloads. */
  changed: Map<string, P>;
  /** Keys deleted since the version asked about. */
  deleted: string[];
}

/** Callbacks a watching store calls. */
export interface WatchHandlers {
  /**
   * The store's version moved (a write by anyone). Called at least once per change; may be called spuriously.
   *
   * Pass the version the store announces when the notification carries it (a write's published version, a
   * poll's reading): the dict drops a notification for a version it already holds, so the echo of its own
   * write costs nothing and no store has to tell its own writes apart. Without a version the dict checks
   * with `lastUpdated()`.
   */
  onChange(version?: Version): void;
  /**
   * The watch went live (`true`) or stopped being trustworthy (`false`, for example on disconnect).
   * While it is not live the dict falls back to asking `lastUpdated()`; on going live again it re-syncs,
   * since notifications may have been missed meanwhile.
   */
  onStatus(live: boolean): void;
}

/**
 * The contract a backend implements. Payloads are opaque to the store: the dict encodes values before
 * `persist` and decodes what `durables` returns, so a store never sees user values.
 *
 * Only the four methods of the Python original are required: `persist`, `depersist`, `durables` and
 * `lastUpdated`. The optional ones are capabilities the dict uses when present.
 *
 * Every method that touches the store may reject with the driver's error; the dict wraps such errors in
 * `StoreUnavailableError`. Methods reject with `InvalidKeyError` or `EncodingError` for a key or payload the
 * store cannot hold, before anything is written.
 *
 * @typeParam P - the payload type the store holds; `string` for every bundled adapter.
 */
export interface DurableStore<P = string> {
  /** The adapter's short name, used in error messages (`[durabledict:<name>]`). */
  readonly name?: string;

  /**
   * Identifies the data this store reads and writes, as seen from this process (compared with `===`): for
   * example the server's address and the key, or a file's real path and a table. Dicts whose stores share a
   * scope hear of each other's acknowledged writes at once, before a watch notification could arrive, so two
   * dicts of one process read each other's writes immediately. Without it, the store object is the scope.
   * Two stores that share a scope by mistake cost only a needless check; never give one scope to stores of
   * different data.
   */
  readonly scope?: string | object;

  /**
   * Throws `InvalidKeyError` for a key the store cannot hold. The dict calls it before every write (and for
   * every key of a batch before any is written), so a refused key never leaves a partial write.
   */
  validateKey?(key: string): void;

  /** Throws `EncodingError` for a payload the store cannot hold (too large, say), before anything is written. */
  validatePayload?(key: string, payload: P): void;

  /**
   * Writes `payload` under `key`, creating or replacing it. The value and the version bump must be one
   * atomic step, and the promise resolves only once the store acknowledged both.
   * @returns the version step when the store can report it atomically, else nothing.
   */
  persist(key: string, payload: P): Promise<VersionStep | undefined>;

  /**
   * Deletes `key`. Deleting a missing key is not an error. When the key existed, the deletion and the
   * version bump are one atomic step.
   * @returns whether the key existed (and the version step), or nothing when the store cannot tell.
   */
  depersist(key: string): Promise<DepersistResult | undefined>;

  /**
   * Every entry in the store, key to payload. Must reflect at least every write acknowledged before the
   * `lastUpdated()` call that preceded it.
   */
  durables(): Promise<Map<string, P>>;

  /**
   * The store's current version: any number, bigint or string that differs whenever the content may
   * have changed. `undefined` when the store has none (never written, or the counter was evicted).
   */
  lastUpdated(): Promise<Version>;

  /**
   * The store's version, answered synchronously, for stores whose reads are synchronous (an embedded
   * database, memory). When present, an autosync read that finds the version unchanged is a `Map` lookup
   * and one resolved promise, with no turn of the event loop. Must agree with `lastUpdated()`, and throw
   * where it would reject.
   */
  lastUpdatedSync?(): Version;

  /**
   * Atomically removes `key` and returns its payload.
   * @returns `undefined` when the key is missing (and the version did not move).
   */
  pop?(key: string): Promise<PopResult<P> | undefined>;

  /**
   * Atomic get-or-create: when `key` exists, returns its payload and leaves the version alone; otherwise
   * stores `payload` and bumps the version, in one atomic step.
   */
  setdefault?(key: string, payload: P): Promise<SetdefaultResult<P>>;

  /**
   * Writes several entries as one atomic step with one version bump.
   * @returns the version step when the store can report it, else nothing.
   */
  persistMany?(entries: Map<string, P>): Promise<VersionStep | undefined>;

  /**
   * The entries changed and deleted since `version`, so a sync costs O(changes) rather than O(size).
   * @returns `undefined` when the store cannot answer for that version (log truncated, a foreign writer,
   *   a reset counter); the dict then reloads everything with `durables()`.
   */
  changesSince?(version: Version): Promise<StoreChanges<P> | undefined>;

  /**
   * Subscribes to version moves. While the watch is live the dict's per-read version check costs nothing.
   * @returns a function that ends the subscription.
   */
  watch?(handlers: WatchHandlers): Promise<() => Promise<void>>;

  /** Releases what the store itself opened (subscriptions, timers). Never closes a client the user passed in. */
  close?(): Promise<void>;
}
