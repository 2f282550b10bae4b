import type { KitFactory } from "./kits/kit.js";
import type { ResultRow } from "./result.js";
import type { Scale } from "./scale.js";
import type { Servers } from "./servers.js";

/** What every suite gets: the scale, the running servers, the adapters available, and where rows go. */
export interface BenchContext {
  scale: Scale;
  servers: Servers;
  /** Adapters whose package exports what the bench needs and whose servers are up. */
  kits: KitFactory[];
  /** Records a result row (and prints it, so a long run shows progress). */
  record(row: ResultRow): void;
  /**
   * Runs one adapter's part of a suite; if it throws, the error is printed and listed in the report, and
   * the suite goes on with the next adapter.
   */
  attempt(what: string, work: () => Promise<void>): Promise<void>;
  /** Prints a progress line. */
  log(message: string): void;
  /** A namespace no other measurement uses, e.g. `bench-writes-1000-3`. */
  namespace(purpose: string): string;
}
