import { randomUUID } from "node:crypto";

/**
 * What the version entity holds: a counter bumped in every write transaction, and the epoch it counts in.
 * A new epoch starts whenever the entity has to be created (first write, or after someone deleted it), so
 * a counter that starts over never repeats a version a reader already saw.
 */
export interface VersionState {
  epoch: string;
  counter: number;
}

/** The version a store reports for a state: `<epoch>:<counter>`, or `undefined` before the first write. */
export function formatVersion(state: VersionState | undefined): string | undefined {
  return state === undefined ? undefined : `${state.epoch}:${state.counter}`;
}

/** The state after one more write. */
export function nextVersion(state: VersionState | undefined): VersionState {
  return state === undefined ? { epoch: randomUUID(), counter: 1 } : { ...state, counter: state.counter + 1 };
}

/** Reads a version entity as the driver returns it; `undefined` for a missing or foreign-shaped entity. */
export function readVersionState(entity: unknown): VersionState | undefined {
  if (typeof entity !== "object" || entity === null) return undefined;
  const { epoch, counter } = entity as { epoch?: unknown; counter?: unknown };
  const count = typeof counter === "number" ? counter : Number(counter);
  if (typeof epoch !== "string" || !Number.isSafeInteger(count)) return undefined;
  return { epoch, counter: count };
}
