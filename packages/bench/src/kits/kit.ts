import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import type { Servers } from "../servers.js";

/** One round trip or write made with the raw driver, the floor an adapter is compared to. */
export interface RawOperation<A extends unknown[] = []> {
  /** What it does, as the table shows it, e.g. `ioredis GET`. */
  name: string;
  run(...args: A): Promise<unknown>;
}

/**
 * One adapter bound to one namespace (a Redis keyspace, a znode path, a Datastore kind, a SQLite table),
 * with the raw driver operations it is measured against. Every dict and store it opens shares that
 * namespace, as processes share a server.
 */
export interface AdapterKit {
  /** The adapter's short name: `memory`, `redis`, … */
  readonly adapter: string;
  /** The namespace, for a child process to open the same dict. */
  readonly namespace: string;
  /** Whether a dict opened with `{ autosync: true, watch: true }` is kept fresh by the store's notifications. */
  readonly watches: boolean;
  /** Opens a dict over the namespace, with its own client where the adapter takes one. */
  openDict<V>(options?: DurableDictOptions): Promise<DurableDict<V>>;
  /** A new store over the namespace (its own client, closed by `close()`), for `DurableDict.open` over a measuring proxy. */
  openStore(): Promise<DurableStore>;
  /** The driver's cheapest round trip: what a strict read cannot beat. */
  rawRead?: RawOperation;
  /** The driver's single write of one entry: what `set` is compared to. */
  rawWrite?: RawOperation<[key: string, payload: string]>;
  /**
   * The least an atomic "write the value and bump the version" costs with the raw driver (a minimal script,
   * a two-statement transaction, a `multi`): shown beside `set` to tell the price of atomicity from the
   * library's.
   */
  floorWrite?: RawOperation<[key: string, payload: string]>;
  /**
   * The floor with the store's notification added (PostgreSQL's `NOTIFY`, which wakes every listening
   * connection of the database whatever its channel): where telling watchers costs the server more than the
   * write, shown beside `set` so that price is not read as the library's.
   */
  notifyingFloorWrite?: RawOperation<[key: string, payload: string]>;
  /** Deletes the namespace's data (the parent process calls it; a child process only closes). */
  drop(): Promise<void>;
  /** Closes every client and store the kit opened. */
  close(): Promise<void>;
}

/** The ratios an adapter's rows must reach (issues 12, 13 and 14); a missing one is reported without a verdict. */
export interface AdapterTargets {
  /** A strict read against {@link AdapterKit.rawRead}. */
  strictRead?: number;
  /** `set` against {@link AdapterKit.rawWrite}. */
  write?: number;
  /** `set` against {@link AdapterKit.floorWrite}. */
  floor?: number;
}

/** How to make kits for one adapter. */
export interface KitFactory {
  readonly adapter: string;
  /** The servers this adapter needs. */
  readonly needs: readonly (keyof Servers)[];
  /** The largest dict the slow stores are measured at, with the reason shown in the table. */
  readonly sizeCap?: { keys: number; why: string };
  /** Whether other processes can open the same namespace (false for the in-process memory store). */
  readonly shared: boolean;
  /** What its ratios must reach. */
  readonly targets: AdapterTargets;
  /** Whether its server gets untimed writes before any suite measures (a JVM's: see `warmUp`). */
  readonly warmsUpServer?: boolean;
  /** Why the adapter cannot be measured yet (its package does not export what the kit uses), or nothing. */
  unavailable(): Promise<string | undefined>;
  /** Makes a kit over a fresh namespace; rejects when the adapter does not export what the kit needs. */
  create(servers: Servers, namespace: string): Promise<AdapterKit>;
}
