import { DurableDict, type DurableDictOptions } from "@durabledict/core";
import { MemoryStore } from "./memory-store.js";

/**
 * Opens a dict over a new {@link MemoryStore} of its own. To share one store between dicts (as processes
 * share a server), use `DurableDict.open(store, options)` with one `MemoryStore`.
 */
export function openMemoryDict<V = unknown>(
  options: DurableDictOptions<string> = {},
): Promise<DurableDict<V>> {
  return DurableDict.open<V>(new MemoryStore(), { ownsStore: true, ...options });
}
