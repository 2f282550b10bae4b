import type { CompareOptions } from "./measure.js";

/** How big and how long every measurement is. `full` is what `pnpm bench` runs; `quick` checks the wiring. */
export interface Scale {
  name: "full" | "quick";
  /** Keys in the dicts read by the local-read rows. */
  localReadKeys: number;
  /** Samples and budgets for in-process operations (tens of millions per second), batched per sample. */
  local: CompareOptions;
  /** Samples and budgets for operations that make a round trip to a server, timed one at a time. */
  remote: CompareOptions;
  /** Dict sizes at which writes are measured (each adapter may cap them, see its kit). */
  writeSizes: number[];
  /** Dict size for the sync-cost rows. */
  syncKeys: number;
  /** Incremental syncs measured (the median is reported); full reloads are measured `syncRepeats / 5` times. */
  syncRepeats: number;
  /** Writes timed per adapter and mode in the propagation rows, and the time limit for them. */
  propagationSamples: number;
  propagationMs: number;
  /** Entries in the dict whose heap is measured. */
  heapKeys: number;
  /** Rounds of untimed writes a server on a JVM gets before the suites, and the time limit for them. */
  serverWarmUp: { rounds: number; maxMs: number };
}

export const fullScale: Scale = {
  name: "full",
  localReadKeys: 10_000,
  local: { samples: 3_000, maxMs: 4_000, sampleMs: 0.1, warmup: { maxMs: 200, maxOps: 10_000_000 } },
  remote: { samples: 5_000, maxMs: 4_000, sampleMs: 0.02, warmup: { maxMs: 200, maxOps: 2_000 } },
  writeSizes: [1_000, 10_000, 100_000],
  syncKeys: 100_000,
  syncRepeats: 25,
  propagationSamples: 200,
  propagationMs: 6_000,
  heapKeys: 100_000,
  serverWarmUp: { rounds: 2_000, maxMs: 8_000 },
};

export const quickScale: Scale = {
  name: "quick",
  localReadKeys: 1_000,
  local: { samples: 300, maxMs: 200, sampleMs: 0.1, warmup: { maxMs: 30, maxOps: 1_000_000 } },
  remote: { samples: 300, maxMs: 300, sampleMs: 0.02, warmup: { maxMs: 50, maxOps: 200 } },
  writeSizes: [100, 1_000],
  syncKeys: 2_000,
  syncRepeats: 5,
  propagationSamples: 20,
  propagationMs: 1_500,
  heapKeys: 10_000,
  serverWarmUp: { rounds: 50, maxMs: 500 },
};
