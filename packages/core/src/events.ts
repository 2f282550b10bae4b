import type { DurableDictError } from "./errors/durable-dict-error.js";
import type { StatusEvent } from "./store-health.js";
import type { Version } from "./version.js";

/** A key whose value changed, as this process saw it. */
export interface ChangeEvent<V> {
  key: string;
  /** The value before, `undefined` if the key was missing. */
  oldValue: V | undefined;
  /** The value after, `undefined` if the key was deleted. */
  newValue: V | undefined;
  /** `"local"` for a write made through this dict; `"remote"` for one learned by a sync. */
  origin: "local" | "remote";
}

/** A sync that found the store's version moved. */
export interface SyncEvent {
  /** The version the local copy now reflects. */
  version: Version;
  /** How many keys changed. */
  changes: number;
  /** Whether the whole store was reloaded (`false`: only the changes were fetched). */
  full: boolean;
}

/** The events a dict emits, by name. */
export interface DurableDictEvents<V> {
  change: ChangeEvent<V>;
  sync: SyncEvent;
  /** A background problem: a failed version check while serving the local copy, an undecodable payload. */
  error: DurableDictError;
  /** The dict's `status` changed (`"live"`, `"stale"`, `"closed"`). */
  status: StatusEvent;
}
