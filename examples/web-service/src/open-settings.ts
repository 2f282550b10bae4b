import type { DurableDict } from "@durabledict/core";
import { openSqliteDict } from "@durabledict/sqlite";

/** How the dict learns that another process changed a setting. */
export type SyncStyle = "autosync" | "watch";

/**
 * Opens the settings dict over a SQLite file; every process on the host that opens the file shares it.
 *
 * - `"autosync"` (the default): each read first asks the file for the dict's version (one indexed query, a
 *   few microseconds) and fetches what changed, so a request sees every write that finished before it.
 * - `"watch"`: the store polls the file's header every 100 ms and syncs when it moved; reads are `Map`
 *   lookups, and a request may see a change up to 100 ms late.
 */
export function openSettings(file: string, sync: SyncStyle): Promise<DurableDict<string>> {
  return openSqliteDict<string>(file, sync === "watch" ? { watchInterval: 100 } : {});
}
