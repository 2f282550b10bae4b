import type { DurableStore } from "@durabledict/core";

/** The optional store capabilities that switch checks on, as read from a store (see {@link capabilitiesOf}). */
export interface Capabilities {
  /** The store implements `watch`: a dict learns of changes without asking. */
  watch?: boolean;
  /** The store implements `changesSince`: a sync fetches only what changed. */
  changesSince?: boolean;
  /** The store implements atomic `pop`. */
  atomicPop?: boolean;
  /** The store implements atomic `setdefault` that moves the version only when it creates. */
  atomicSetdefault?: boolean;
}

/** One isolated, empty logical store (a keyspace, a path, a table) prepared for one check. */
export interface ConformanceFixture {
  /** Opens another store on the same data, as another process would: its own client where the adapter has one. */
  openStore(): Promise<DurableStore<string>>;
  /** What is really stored under `key`, read past the adapter: the encoded payload, or `undefined`. */
  rawGet(key: string): Promise<string | undefined>;
  /** Loses or resets the store's version counter, as an eviction or a restart without persistence would. */
  resetVersion(): Promise<void>;
  /**
   * Makes the store unreachable for every store opened on it (`begin`: a stopped server, a cut connection),
   * then reachable again (`end`).
   */
  outage: { begin(): Promise<void>; end(): Promise<void> };
  /** Frees what `setup` made. Stores opened by `openStore` are closed by the suite before this. */
  teardown(): Promise<void>;
}

/** What an adapter hands {@link runConformance}. */
export interface ConformanceTarget {
  /** The adapter's name, as its errors say it (`[durabledict:<name>]`). */
  name: string;
  /**
   * Prepares a fresh, empty fixture; called once per check, and once more while the suite is collected to
   * read the store's capabilities from a store it opens.
   */
  setup(): Promise<ConformanceFixture>;
  /**
   * Checks or groups switched off, by id (`"faults.outage"`, or `"faults"` for the group), each with the
   * reason, which the report shows. A check is never switched off by matching its name.
   */
  skip?: Record<string, string>;
  /** Keys the adapter must refuse with `InvalidKeyError`. */
  invalidKeys?: string[];
  /** Longest wait, in milliseconds, for a change to propagate before a check fails. Default 5000. */
  propagationTimeout?: number;
  /** Per-check time limit for the runner, in milliseconds. Default 30000. */
  checkTimeout?: number;
}

/** What a store offers beyond the four required methods, read from its members. */
export function capabilitiesOf(store: DurableStore<string>): Capabilities {
  return {
    watch: typeof store.watch === "function",
    changesSince: typeof store.changesSince === "function",
    atomicPop: typeof store.pop === "function",
    atomicSetdefault: typeof store.setdefault === "function",
  };
}
