import { randomUUID } from "node:crypto";
import type { Version } from "../version.js";

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

  /** The counter of `version` when it belongs to `epoch`; `undefined` for another epoch or anything else. */
  counterIn(version: Version, epoch: string): number | undefined {
    if (typeof version !== "string") return undefined;
    const at = version.lastIndexOf(":");
    if (at < 0 || version.slice(0, at) !== epoch) return undefined;
    const counter = Number(version.slice(at + 1));
    return Number.isSafeInteger(counter) ? counter : undefined;
  },
};
