import { median } from "./stats.js";

/**
 * A body of work run `n` times per call. It returns a number derived from what it read (a count of hits,
 * say) so the JIT cannot drop the work as dead code.
 */
export type Batch = (n: number) => number | Promise<number>;

/** Limits on one measurement: it stops at whichever comes first. */
export interface Budget {
  maxMs: number;
  maxOps: number;
}

/** A named batch, for {@link compareRates}. */
export interface Subject {
  name: string;
  batch: Batch;
}

/** Settings for {@link compareRates}. */
export interface CompareOptions {
  /** Samples per subject, taken in turn with the other subjects' (A, B, A, B, …). */
  samples: number;
  /** The whole comparison stops after this long, even short of `samples`. */
  maxMs: number;
  /**
   * The least time one sample should take, in ms. A subject is batched until one batch takes this long, so
   * the clock's own cost stays negligible for `Map.get`; an operation slower than this (a network round
   * trip) is timed one at a time.
   */
  sampleMs: number;
  /** Run, untimed, before the first sample, so every subject is compiled and its caches are warm. */
  warmup: Budget;
}

let sink = 0;

/** Keeps the results of batches alive; read it once at the end so nothing is optimised away. */
export function sinkValue(): number {
  return sink;
}

/**
 * Warms `batch` up within `budget` and returns the batch size that makes one call take at least
 * `sampleMs`: it starts at 1 and doubles while a call is shorter.
 */
async function calibrate(batch: Batch, budget: Budget, sampleMs: number): Promise<number> {
  let size = 1;
  let ops = 0;
  const deadline = performance.now() + budget.maxMs;
  while (ops < budget.maxOps && performance.now() < deadline) {
    const start = performance.now();
    sink += await batch(size);
    ops += size;
    if (performance.now() - start < sampleMs) size *= 2;
  }
  return size;
}

/**
 * Measures every subject interleaved: one sample of each in turn (A, B, A, B, …, the order reversed every
 * other turn so no subject always follows the same one), each sample one batch of the size calibrated in
 * the warm-up. No garbage collection is forced anywhere in between: a forced `gc()` deoptimises Node's
 * microtask loop and would slow every async subject. Returns each subject's rate in ops/s, from the median
 * time per operation over its samples.
 */
export async function compareRates(
  subjects: readonly Subject[],
  options: CompareOptions,
): Promise<Map<string, number>> {
  const sizes: number[] = [];
  for (const subject of subjects)
    sizes.push(await calibrate(subject.batch, options.warmup, options.sampleMs));
  const perOp = subjects.map((): number[] => []);
  const deadline = performance.now() + options.maxMs;
  for (let turn = 0; turn < options.samples && performance.now() < deadline; turn++) {
    for (let step = 0; step < subjects.length; step++) {
      const k = turn % 2 === 0 ? step : subjects.length - 1 - step;
      const size = sizes[k]!;
      const start = performance.now();
      sink += await subjects[k]!.batch(size);
      perOp[k]!.push((performance.now() - start) / size);
    }
  }
  return new Map(subjects.map((subject, k) => [subject.name, 1000 / median(perOp[k]!)]));
}

/** A batch of `n` calls of `call`, one after the other: each waits for the previous round trip. */
export function roundTrips(call: () => Promise<unknown>): Batch {
  return async (n: number): Promise<number> => {
    let done = 0;
    for (let k = 0; k < n; k++) {
      if ((await call()) !== null) done++;
    }
    return done;
  };
}
