/** What {@link keepWriting} has seen so far. */
export interface WriteLoop {
  /** The last value each key's write was acknowledged with (values grow per key). */
  readonly acknowledged: Map<string, number>;
  /** Every error a write rejected with, in order. */
  readonly rejected: unknown[];
  /** How many writes were acknowledged. */
  readonly acks: number;
  /** Stops after the write in flight, and resolves once it settled. */
  stop(): Promise<void>;
}

/**
 * Writes `dict.set("k<i % keys>", i)` for i = 0, 1, 2… one after another until stopped, recording which were
 * acknowledged and what the rejected ones threw; after a rejection it pauses 5 ms, so an outage does not spin.
 * For tests that take the store away mid-run and then check that no acknowledged write was lost.
 */
export function keepWriting(
  dict: { set(key: string, value: number): Promise<unknown> },
  keys: number,
): WriteLoop {
  const acknowledged = new Map<string, number>();
  const rejected: unknown[] = [];
  let acks = 0;
  let stopped = false;
  const writing = (async () => {
    for (let i = 0; !stopped; i++) {
      try {
        await dict.set(`k${i % keys}`, i);
        acknowledged.set(`k${i % keys}`, i);
        acks++;
      } catch (error) {
        rejected.push(error);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  })();
  return {
    acknowledged,
    rejected,
    get acks() {
      return acks;
    },
    stop() {
      stopped = true;
      return writing;
    },
  };
}
