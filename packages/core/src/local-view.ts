import type { LocalCopy } from "./local-copy.js";

/** A live, read-only `ReadonlyMap` over a dict's local copy. Reading a key whose payload did not decode throws. */
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
    for (const key of this.copy.keys()) yield this.get(key) as V;
  }

  *entries(): MapIterator<[string, V]> {
    for (const key of this.copy.keys()) yield [key, this.get(key) as V];
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
