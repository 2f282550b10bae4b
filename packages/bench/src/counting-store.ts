import type { DurableStore, StoreChanges, Version } from "@durabledict/core";

const counted = new Set(["lastUpdated", "changesSince", "durables"]);

/** A store wrapped so that what it hands back is counted; see {@link countingStore}. */
export interface CountingStore {
  store: DurableStore;
  /** UTF-8 bytes of keys, payloads and versions returned since the last `reset()`. */
  readonly bytes: number;
  /** Calls made since the last `reset()`, by method name. */
  readonly calls: ReadonlyMap<string, number>;
  reset(): void;
}

/**
 * Wraps `store` in a Proxy that counts the bytes its reads return (`lastUpdated`, `changesSince`,
 * `durables`): the data a sync pulls from the server. With `hideChangesSince` the proxy pretends the store
 * has no `changesSince`, so every sync is a full reload — the cost an incremental sync is compared to.
 */
export function countingStore(
  store: DurableStore,
  options: { hideChangesSince?: boolean } = {},
): CountingStore {
  let bytes = 0;
  const calls = new Map<string, number>();
  const count = (method: string, result: unknown): void => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    bytes += sizeOf(method, result);
  };
  const proxy = new Proxy(store, {
    has(target, property) {
      if (options.hideChangesSince && property === "changesSince") return false;
      return Reflect.has(target, property);
    },
    get(target, property, receiver) {
      if (options.hideChangesSince && property === "changesSince") return undefined;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = String(property);
      if (!counted.has(method)) return value.bind(target);
      return async (...args: unknown[]) => {
        const result: unknown = await value.apply(target, args);
        count(method, result);
        return result;
      };
    },
  });
  return {
    store: proxy,
    get bytes() {
      return bytes;
    },
    calls,
    reset() {
      bytes = 0;
      calls.clear();
    },
  };
}

function sizeOf(method: string, result: unknown): number {
  switch (method) {
    case "lastUpdated":
      return versionBytes(result as Version);
    case "durables":
      return mapBytes(result as Map<string, string>);
    case "changesSince": {
      const changes = result as StoreChanges<string> | undefined;
      if (changes === undefined) return 0;
      const deleted = changes.deleted.reduce((sum, key) => sum + Buffer.byteLength(key), 0);
      return versionBytes(changes.version) + mapBytes(changes.changed) + deleted;
    }
    default:
      return 0;
  }
}

function versionBytes(version: Version): number {
  return version === undefined ? 0 : Buffer.byteLength(String(version));
}

function mapBytes(map: Map<string, string>): number {
  let total = 0;
  for (const [key, payload] of map) total += Buffer.byteLength(key) + Buffer.byteLength(payload);
  return total;
}
