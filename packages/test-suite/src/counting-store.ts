import type { DurableStore } from "@durabledict/core";

/** A store wrapped so a check can see which methods the dict called, and what `changesSince` returned. */
export interface CountingStore {
  store: DurableStore<string>;
  /** Calls per method name. */
  calls: Record<string, number>;
  /** How many entries (changed plus deleted) the last `changesSince` returned. */
  lastChangeCount: number | undefined;
}

/** Wraps a real store; every call goes through to it unchanged. */
export function countingStore(inner: DurableStore<string>): CountingStore {
  const counting: CountingStore = { store: inner, calls: {}, lastChangeCount: undefined };
  counting.store = new Proxy(inner, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member !== "function" || typeof property !== "string") return member;
      // A synchronous read stays synchronous: the dict relies on it answering at once.
      if (property === "lastUpdatedSync") {
        return (...args: unknown[]) => {
          counting.calls[property] = (counting.calls[property] ?? 0) + 1;
          return member.apply(target, args);
        };
      }
      return async (...args: unknown[]) => {
        counting.calls[property] = (counting.calls[property] ?? 0) + 1;
        const result = await member.apply(target, args);
        if (property === "changesSince" && result) {
          counting.lastChangeCount = result.changed.size + result.deleted.length;
        }
        return result;
      };
    },
  });
  return counting;
}
