import type { DurableDict } from "@durabledict/core";
import { isDictError } from "./is-dict-error.js";

/** A stored entry whose payload the dict cannot decode. */
export interface UndecodableEntry {
  key: string;
  /** The decoding error's message. */
  message: string;
}

/** Every entry of a dict, sorted by key, with the entries that cannot be decoded set apart. */
export interface DictContents {
  entries: [string, unknown][];
  undecodable: UndecodableEntry[];
}

/**
 * Reads the whole dict key by key, so one undecodable payload does not hide the others (`entries()` would
 * reject as a whole).
 */
export async function readEntries(dict: DurableDict<unknown>): Promise<DictContents> {
  const keys = (await dict.keys()).sort();
  const snapshot = dict.snapshot();
  const contents: DictContents = { entries: [], undecodable: [] };
  for (const key of keys) {
    try {
      if (snapshot.has(key)) contents.entries.push([key, snapshot.get(key)]);
    } catch (error) {
      if (!isDictError(error, "DecodingError")) throw error;
      contents.undecodable.push({ key, message: error.message });
    }
  }
  return contents;
}
