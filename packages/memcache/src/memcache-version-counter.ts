import type { VersionCounter } from "@durabledict/core";
import type { Client } from "memjs";
import { incrementRequest, readIncrementReply } from "./increment-request.js";

/** Options for {@link MemcacheVersionCounter}. */
export interface MemcacheVersionCounterOptions {
  /** Prepended to `last_updated` to name the counter's memcache key (no separator added). Default `""`. */
  prefix?: string;
}

/**
 * The core's {@link VersionCounter} kept in memcache under `<prefix>last_updated`: created with `add`, bumped
 * with `incr`, as the Python original's ModelDict keeps its version in Django's cache. memcache may evict or
 * flush it at any time; `get` and `incr` then report it missing, and the store that owns the counter rebuilds
 * it (with `add`) from its own durable version.
 *
 * Values are exact up to `Number.MAX_SAFE_INTEGER` (2^53 - 1): memcached counts in 64 bits, and this counter
 * reads the increment's 64-bit reply itself (memjs's own `increment` computes `(high << 8) + low`, so it
 * answers 256 for 2^32). Past 2^53 `get` and `incr` reject rather than answer a rounded value.
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
   * Rejects when memcache is unreachable, or the key holds something that is not a counter below 2^53.
   */
  async get(): Promise<number | undefined> {
    const { value } = await this.client.get(this.key);
    if (value === null) return undefined;
    const text = value.toString("ascii").trim();
    const parsed = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(parsed)) {
      throw new Error(
        `memcache key ${JSON.stringify(this.key)} holds ${JSON.stringify(text)}, not a counter below 2^53`,
      );
    }
    return parsed;
  }

  /**
   * Creates the counter with `value` (a non-negative integer below 2^53) unless it exists.
   * @returns `true` when this call created it, `false` when it was already there.
   */
  async add(value: number): Promise<boolean> {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`a memcache counter must be an integer in [0, 2^53), got ${value}`);
    }
    return this.client.add(this.key, String(value));
  }

  /**
   * Increments the counter by one; never creates it.
   * @returns the new value, or `undefined` when memcache does not hold the counter. Rejects with a
   *   `RangeError` when the new value is past 2^53 - 1 (the increment did happen).
   */
  incr(): Promise<number | undefined> {
    const client = this.client;
    client.incrSeq();
    const seq = client.seq;
    return new Promise((resolve, reject) => {
      client.perform(this.key, incrementRequest(this.key, seq), seq, (error, response) => {
        if (error) reject(error);
        else {
          try {
            resolve(readIncrementReply(this.key, response));
          } catch (refused) {
            reject(refused);
          }
        }
      });
    });
  }
}
