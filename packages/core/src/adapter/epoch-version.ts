import { randomUUID } from "node:crypto";

/**
 * The spelling of a version that is a counter inside an epoch: `<epoch>:<counter>`. A store starts a new,
 * random epoch whenever it has to recreate its counter (first write, a lost row or entity), so a counter
 * that starts over never repeats a version a reader already saw.
 */
export const epochVersion = {
  /** A fresh random epoch. */
  newEpoch(): string {
    return randomUUID();
  },

  /** The version for `counter` in `epoch`. */
  format(epoch: string, counter: number): string {
    return `${epoch}:${counter}`;
  },

  /** The epoch and counter of `version`; `undefined` for anything not spelled `<epoch>:<counter>`. */
  split(version: unknown): { epoch: string; counter: number } | undefined {
    if (typeof version !== "string") return undefined;
    const at = version.lastIndexOf(":");
    const digits = version.slice(at + 1);
    const counter = Number(digits);
    if (at <= 0 || !/^\d+$/.test(digits) || !Number.isSafeInteger(counter)) return undefined;
    return { epoch: version.slice(0, at), counter };
  },

  /** The counter of `version` when it belongs to `epoch`; `undefined` for another epoch or anything else. */
  counterIn(version: unknown, epoch: string): number | undefined {
    const parts = epochVersion.split(version);
    return parts?.epoch === epoch ? parts.counter : undefined;
  },
};
