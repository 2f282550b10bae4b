import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import type { expect as vitestExpect } from "vitest";
import type { Capabilities, ConformanceFixture, ConformanceTarget } from "./conformance-target.js";

/** What a check gets to work with. Dicts and stores it opens are closed for it. */
export interface CheckContext {
  expect: typeof vitestExpect;
  target: ConformanceTarget;
  fixture: ConformanceFixture;
  /** Opens a new store (as a new process would) and a dict over it. */
  open<V = unknown>(options?: DurableDictOptions): Promise<DurableDict<V>>;
  /** Opens a dict over a given store (a counting wrapper, say); the store is closed with the dict. */
  openOn<V = unknown>(store: DurableStore<string>, options?: DurableDictOptions): Promise<DurableDict<V>>;
  /** Opens a new store on the fixture's data. */
  newStore(): Promise<DurableStore<string>>;
  /** Polls `condition` until it holds, failing after the target's propagation timeout. */
  waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void>;
}

/** One conformance check. */
export interface Check {
  /**
   * A stable id, `<group id>.<check>` (`faults.outage`), for switching the check off with a reason
   * ({@link ConformanceTarget.skip}) and for finding it in a report. Never changes when the name is reworded.
   */
  id: string;
  /** The group's title in the report. */
  group: string;
  name: string;
  /** Capabilities the check needs; it is not registered for a store that lacks them. */
  needs?: (keyof Capabilities)[];
  run(context: CheckContext): Promise<void>;
}
