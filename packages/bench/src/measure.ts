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
  /** Rounds; each subject is measured once per round, in turn, so drift hits them all alike. */
  rounds: number;
  /** The budget of one subject in one round. */
  round: Budget;
  /** Run, untimed, before the first round so every subject is compiled and its caches are warm. */
  warmup: Budget;
}

let sink = 0;

/** `gc` when node runs with `--expose-gc` (as `pnpm bench` does). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Keeps the results of batches alive; read it once at the end so nothing is optimised away. */
export function sinkValue(): number {
  return sink;
}

/**
 * Runs `batch` until `budget` is spent and returns operations per second over the timed calls. The batch
 * size starts at 1 and doubles while a call takes under 2 ms, so the clock is read rarely for fast
 * operations and often enough for slow ones to respect the time limit.
 */
export async function measureRate(batch: Batch, budget: Budget): Promise<number> {
  let chunk = 1;
  let ops = 0;
  let elapsed = 0;
  while (ops < budget.maxOps && elapsed < budget.maxMs) {
    const n = Math.min(chunk, budget.maxOps - ops);
    const start = performance.now();
    sink += await batch(n);
    const took = performance.now() - start;
    ops += n;
    elapsed += took;
    if (took < 2) chunk *= 2;
  }
  return elapsed > 0 ? (ops * 1000) / elapsed : 0;
}

/** Measures every subject in interleaved rounds; returns each one's median rate in ops/s, by name. */
export async function compareRates(
  subjects: readonly Subject[],
  options: CompareOptions,
): Promise<Map<string, number>> {
  for (const subject of subjects) await measureRate(subject.batch, options.warmup);
  const rates = new Map<string, number[]>(subjects.map((subject) => [subject.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const subject of subjects) {
      // A collection now, rather than one the previous subject's garbage triggers during this one.
      collectGarbage?.();
      rates.get(subject.name)!.push(await measureRate(subject.batch, options.round));
    }
  }
  return new Map([...rates].map(([name, values]) => [name, median(values)]));
}

/** Times one call of `work`, in milliseconds. */
export async function timeIt<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
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
