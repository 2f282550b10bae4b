import { DurableDict, type DurableDictOptions, type DurableStore } from "@durabledict/core";
import type { expect as vitestExpect } from "vitest";
import type { Check, CheckContext } from "./check.js";
import type { ConformanceTarget } from "./conformance-target.js";

const pollInterval = 10;

/** Runs one check on a fresh fixture, then closes every dict and store it opened and tears the fixture down. */
export async function runCheck(
  check: Check,
  target: ConformanceTarget,
  expect: typeof vitestExpect,
): Promise<void> {
  const fixture = await target.setup();
  const dicts: DurableDict<unknown>[] = [];
  const stores: DurableStore<string>[] = [];
  const newStore = async () => {
    const store = await fixture.openStore();
    stores.push(store);
    return store;
  };
  const openOn = async <V>(store: DurableStore<string>, options: DurableDictOptions = {}) => {
    const dict = await DurableDict.open<V>(store, options);
    dicts.push(dict as DurableDict<unknown>);
    return dict;
  };
  const context: CheckContext = {
    expect,
    target,
    fixture,
    newStore,
    openOn,
    open: async (options) => openOn(await newStore(), options),
    waitFor: (what, condition) => waitFor(what, condition, target.propagationTimeout ?? 5000),
  };
  try {
    await check.run(context);
  } finally {
    for (const dict of dicts) await dict.close();
    for (const store of stores) await store.close?.();
    await fixture.teardown();
  }
}

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeout: number,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollInterval));
  }
}
