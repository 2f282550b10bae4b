import type { DurableDictOptions } from "@durabledict/core";

/** How the watching process learns of a change. */
export type PropagationMode = "watch" | "read loop" | "refresh 100 ms";

/** The dict options of each mode. */
export const modeOptions: Record<PropagationMode, DurableDictOptions> = {
  // The store's notification triggers a background sync; the change event reports arrival.
  watch: { autosync: true, watch: true },
  // A process reading the key in a tight loop, each read checking the version (no watch).
  "read loop": { autosync: true, watch: false },
  // No per-read check and no watch (some adapters watch by default); a background refresh every 100 ms.
  "refresh 100 ms": { autosync: false, watch: false, refreshInterval: 100 },
};

/** What the parent tells the child process, as one JSON argument. */
export interface ChildOrder {
  adapter: string;
  namespace: string;
  mode: PropagationMode;
  servers: Record<string, number>;
}

/** The key the parent writes and the child watches. */
export const probeKey = "probe";

/** The probe's value: a sequence number the child echoes. */
export interface Probe {
  seq: number;
}
