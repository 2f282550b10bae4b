/**
 * A version kept in a cache beside the store (memcache, for stores whose version check is slow), as the
 * Python original's ModelDict keeps its version in Django's cache. The cache may evict or lose it at any
 * time; its owner must then rebuild it from the store, never treat "missing" as "unchanged".
 */
export interface VersionCounter {
  /** The counter's value, or `undefined` when it is missing (never created, evicted, flushed). */
  get(): Promise<number | undefined>;
  /**
   * Creates the counter with `value` unless it exists.
   * @returns `true` when this call created it.
   */
  add(value: number): Promise<boolean>;
  /**
   * Increments the counter by one.
   * @returns the new value, or `undefined` when the counter is missing (nothing was created).
   */
  incr(): Promise<number | undefined>;
  /** Releases what the counter opened itself. Never closes a client the user passed in. */
  close?(): Promise<void>;
}
