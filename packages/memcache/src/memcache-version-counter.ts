import type { VersionCounter } from "@durabledict/core";
import type { Client } from "memjs";

/** Options for {@link MemcacheVersionCounter}. */
export interface MemcacheVersionCounterOptions {
  /** Prepended to `last_updated` to name the counter's memcache key (no separator added). Default `""`. */
  prefix?: string;
}

/**
 * memcached's binary protocol answers an increment of a missing key by creating it, unless the expiration
 * field is all ones; we want "missing" reported, so the owner rebuilds the counter from the store.
 */
const failIfMissing = 0xffffffff;

/** memjs reports a missing key on increment only through the error message of status 1. */
function isKeyNotFound(error: unknown): boolean {
  return error instanceof Error && error.message.endsWith("Key not found");
}

/**
 * The core's {@link VersionCounter} kept in memcache under `<prefix>last_updated`: created with `add`, bumped
 * with `incr`, as the Python original's ModelDict keeps its version in Django's cache. memcache may evict or
 * flush it at any time; `get` and `incr` then report it missing, and the store that owns the counter rebuilds
 * it (with `add`) from its own durable version.
 *
 * Values stay below 2^32: memjs reads an increment's 64-bit result correctly only up to there.
 */
export class MemcacheVersionCounter implements VersionCounter {
  /** The memcache key holding the counter. */
  readonly key: string;

  /**
   * @param client - a memjs client the caller built; never closed by this counter.
   * @param options - where the counter lives.
   */
  constructor(
    private readonly client: Client,
    options: MemcacheVersionCounterOptions = {},
  ) {
    this.key = `${options.prefix ?? ""}last_updated`;
  }

  /**
   * The counter's value, or `undefined` when memcache does not hold it (never created, evicted, flushed).
   * Rejects when memcache is unreachable or the key holds something that is not a counter.
   */
  async get(): Promise<number | undefined> {
    const { value } = await this.client.get(this.key);
    if (value === null) return undefined;
    const text = value.toString("ascii").trim();
    const parsed = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(parsed)) {
      throw new Error(
        `memcache key ${JSON.stringify(this.key)} holds ${JSON.stringify(text)}, not a counter`,
      );
    }
    return parsed;
  }

  /**
   * Creates the counter with `value` (a non-negative integer below 2^32) unless it exists.
   * @returns `true` when this call created it, `false` when it was already there.
   */
  async add(value: number): Promise<boolean> {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** 32) {
      throw new RangeError(`a memcache counter must be an integer in [0, 2^32), got ${value}`);
    }
    return this.client.add(this.key, String(value));
  }

  /**
   * Increments the counter by one; never creates it.
   * @returns the new value, or `undefined` when memcache does not hold the counter.
   */
  async incr(): Promise<number | undefined> {
    try {
      const { value } = await this.client.increment(this.key, 1, { expires: failIfMissing });
      return value ?? undefined;
    } catch (error) {
      if (isKeyNotFound(error)) return undefined;
      throw error;
    }
  }
}
