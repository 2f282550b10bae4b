import type { Codec } from "./codec.js";
import type { DecodingError } from "./errors/decoding-error.js";
import { type HandedValue, readValue } from "./frozen-value.js";

/**
 * One cached entry: the stored payload and either its decoded value or the error decoding it gave. Flat, so
 * a read is one `Map.get` and two field checks.
 */
interface CachedEntry<P> {
  payload: P;
  value: unknown;
  copyOnRead: boolean;
  error: DecodingError | undefined;
}

function cachedEntry<P>(payload: P, decoded: HandedValue | DecodingError): CachedEntry<P> {
  if (decoded instanceof Error) return { payload, value: undefined, copyOnRead: false, error: decoded };
  return { payload, value: decoded.value, copyOnRead: decoded.copyOnRead, error: undefined };
}

/** A key whose value this process sees changed, with the values before and after. */
export interface ChangedKey {
  key: string;
  oldValue: unknown;
  newValue: unknown;
  /** Set when the new payload could not be decoded. */
  error?: DecodingError;
}

/**
 * The process's copy of the store: payloads decoded once, when they arrive, so reads cost a `Map.get`.
 * Payloads are compared to tell which keys really changed.
 */
export class LocalCopy<P> {
  private readonly entries = new Map<string, CachedEntry<P>>();

  constructor(private readonly codec: Codec<P>) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Every key whose payload decoded, with its value (copied where values are copied on read). */
  *readable(): IterableIterator<[string, unknown]> {
    for (const [key, entry] of this.entries) if (entry.error === undefined) yield [key, readValue(entry)];
  }

  /** Every key with its stored payload. */
  *payloads(): IterableIterator<[string, P]> {
    for (const [key, entry] of this.entries) yield [key, entry.payload];
  }

  /** The value under `key`, `undefined` when missing; throws the key's `DecodingError` when it did not decode. */
  read(key: string): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.error !== undefined) throw entry.error;
    return readValue(entry);
  }

  /**
   * Stores a payload whose value is already decoded. With `describe`, returns the change (nothing if the
   * payload was already there); without, spends nothing on describing it.
   */
  put(key: string, payload: P, decoded: HandedValue, describe = true): ChangedKey | undefined {
    const old = this.entries.get(key);
    this.entries.set(key, cachedEntry(payload, decoded));
    if (!describe || (old !== undefined && old.payload === payload)) return undefined;
    return { key, oldValue: decodedValue(old), newValue: readValue(decoded) };
  }

  /** Removes `key`; with `describe`, returns the change (nothing if it was not there). */
  remove(key: string, describe = true): ChangedKey | undefined {
    const old = this.entries.get(key);
    if (old === undefined) return undefined;
    this.entries.delete(key);
    return describe ? { key, oldValue: decodedValue(old), newValue: undefined } : undefined;
  }

  /** Applies changed and deleted entries from the store, leaving the keys in `keep` alone; returns what changed. */
  apply(changed: Map<string, P>, deleted: Iterable<string>, keep?: ReadonlySet<string>): ChangedKey[] {
    const changes: ChangedKey[] = [];
    for (const key of deleted) {
      if (changed.has(key) || keep?.has(key)) continue;
      const change = this.remove(key);
      if (change) changes.push(change);
    }
    for (const [key, payload] of changed) {
      if (keep?.has(key)) continue;
      const change = this.receive(key, payload);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** Replaces the whole copy with the store's entries, but for the keys in `keep`; returns what changed. */
  replaceAll(all: Map<string, P>, keep?: ReadonlySet<string>): ChangedKey[] {
    const gone = [...this.entries.keys()].filter((key) => !all.has(key));
    return this.apply(all, gone, keep);
  }

  private receive(key: string, payload: P): ChangedKey | undefined {
    const old = this.entries.get(key);
    if (old !== undefined && old.payload === payload) return undefined;
    let decoded: HandedValue | DecodingError;
    try {
      decoded = this.codec.decode(key, payload);
    } catch (error) {
      decoded = error as DecodingError;
    }
    this.entries.set(key, cachedEntry(payload, decoded));
    if (decoded instanceof Error)
      return { key, oldValue: decodedValue(old), newValue: undefined, error: decoded };
    return { key, oldValue: decodedValue(old), newValue: readValue(decoded) };
  }
}

function decodedValue<P>(entry: CachedEntry<P> | undefined): unknown {
  if (entry === undefined || entry.error !== undefined) return undefined;
  return readValue(entry);
}
