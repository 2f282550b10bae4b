import type { DurableDict } from "@durabledict/core";

/** A feature flag, the value shape the library is for. */
export interface Flag {
  on: boolean;
  percent: number;
  rev: number;
}

/** The `i`th key of a benchmark dict. */
export function keyOf(i: number): string {
  return `flag:${String(i).padStart(6, "0")}`;
}

/** The `i`th value, at revision `rev`. */
export function flagOf(i: number, rev = 0): Flag {
  return { on: i % 2 === 0, percent: i % 100, rev };
}

/** The first `n` keys. */
export function keysOf(n: number): string[] {
  return Array.from({ length: n }, (_, i) => keyOf(i));
}

/**
 * Writes `n` flags through `dict` in batches (`update`: one atomic step per batch where the store allows).
 * 400 per batch stays under Datastore's 500 mutations per commit.
 */
export async function fill(dict: DurableDict<Flag>, n: number, chunk = 400): Promise<void> {
  for (let start = 0; start < n; start += chunk) {
    const entries: [string, Flag][] = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) entries.push([keyOf(i), flagOf(i)]);
    await dict.update(entries);
  }
}
