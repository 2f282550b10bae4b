import type { LocalCopy } from "./local-copy.js";

/**
 * A live, read-only `ReadonlyMap` over a dict's local copy. Reading a key whose payload did not decode throws
 * its `DecodingError`; iterating (`values`, `entries`, `forEach`) passes such keys over, as the dict's
 * `entries()` does, while `keys`, `has` and `size` count them.
 */
export class LocalView<V> implements ReadonlyMap<string, V> {
  constructor(private readonly copy: LocalCopy<unknown>) {}

  get size(): number {
    return this.copy.size;
  }

  get(key: string): V | undefined {
    return this.copy.read(key) as V | undefined;
  }

  has(key: string): boolean {
    return this.copy.has(key);
  }

  keys(): MapIterator<string> {
    return this.copy.keys();
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.copy.readable()) yield value as V;
  }

  *entries(): MapIterator<[string, V]> {
    yield* this.copy.readable() as MapIterator<[string, V]>;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
