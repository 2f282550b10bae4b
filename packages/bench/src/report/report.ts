import type { ResultRow } from "../result.js";
import type { Machine } from "./machine.js";

/** Everything one run produced: what `latest.json` holds. */
export interface Report {
  /** ISO time the run started. */
  startedAt: string;
  durationSeconds: number;
  scale: string;
  machine: Machine;
  /** Adapters measured, and those left out with the reason. */
  adapters: { measured: string[]; skipped: { adapter: string; why: string }[] };
  rows: ResultRow[];
  /** Measurements that failed, with the first line of their error. */
  failures: { what: string; error: string }[];
}
