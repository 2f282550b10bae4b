import type { DurableDict } from "@durabledict/core";
import { openStoreUrl } from "./open-store-url.js";
import type { OpenOptions } from "./store-scheme.js";

/** Opens the dict at `url`, runs `use` on it, and closes it (and its client) whatever happens. */
export async function withDict<T>(
  url: string,
  options: OpenOptions,
  use: (dict: DurableDict<unknown>) => Promise<T>,
): Promise<T> {
  const opened = await openStoreUrl(url, options);
  try {
    return await use(opened.dict);
  } finally {
    await opened.close();
  }
}
