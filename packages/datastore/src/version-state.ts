import { epochVersion } from "@durabledict/core/adapter";

/**
 * What the version entity holds: a counter bumped in every write transaction and the epoch it counts in, plus
 * the bookkeeping of the tombstones deletions leave. A new epoch starts whenever the entity has to be created
 * (first write, or after someone deleted it), so a counter that starts over never repeats a version a reader
 * already saw.
 */
export interface VersionState {
  epoch: string;
  counter: number;
  /** Tombstones kept under the version entity (about: a few may be left over from an earlier epoch). */
  tombstones: number;
  /** The highest counter whose tombstone may have been pruned: changes are known only after it. */
  floor: number;
}

/** An `<epoch>:<counter>` version, taken apart. */
export interface EpochCounter {
  epoch: string;
  counter: number;
}

/** Digits a stamp pads its counter to (2^53 has 16), so the stamps of one epoch sort as their counters do. */
const stampDigits = 16;

/** The version a store reports for a state: `<epoch>:<counter>`, or `undefined` before the first write. */
export function formatVersion(state: EpochCounter | undefined): string | undefined {
  return state === undefined ? undefined : epochVersion.format(state.epoch, state.counter);
}

/**
 * The indexed `v` a write stamps on the entities it writes: `<epoch>:<counter>` with the counter padded, so
 * that one range of an ancestor query finds everything written in an epoch after a version.
 */
export function stamp({ epoch, counter }: EpochCounter): string {
  return `${epoch}:${String(counter).padStart(stampDigits, "0")}`;
}

/** The smallest string above every stamp of `epoch` (`;` follows `:`): the upper end of a range query. */
export function epochEnd(epoch: string): string {
  return `${epoch};`;
}

/** The state after one more write. */
export function nextVersion(state: VersionState | undefined): VersionState {
  if (state === undefined) return { epoch: epochVersion.newEpoch(), counter: 1, tombstones: 0, floor: 0 };
  return { ...state, counter: state.counter + 1 };
}

/** Reads a version entity as the driver returns it; `undefined` for a missing or foreign-shaped entity. */
export function readVersionState(entity: unknown): VersionState | undefined {
  if (typeof entity !== "object" || entity === null) return undefined;
  const { epoch, counter, tombstones, floor } = entity as Record<string, unknown>;
  const count = Number(counter);
  if (typeof epoch !== "string" || !Number.isSafeInteger(count)) return undefined;
  return { epoch, counter: count, tombstones: wholeOr0(tombstones), floor: wholeOr0(floor) };
}

/** Entities written before tombstones existed lack their bookkeeping: none kept, nothing pruned. */
function wholeOr0(value: unknown): number {
  const number = Number(value);
  return Number.isSafeInteger(number) && number > 0 ? number : 0;
}
