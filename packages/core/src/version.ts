/**
 * A store's version, as returned by `lastUpdated()`. The core only ever asks whether two versions are the
 * same ({@link sameVersion}); it never orders them, so a counter that was reset or evicted forces a re-sync
 * instead of leaving a reader stale. `undefined` means the store has no version yet (or lost it).
 */
export type Version = number | bigint | string | undefined;

/** Whether two versions denote the same store state. */
export function sameVersion(a: Version, b: Version): boolean {
  return a === b;
}
