import type { Codec } from "./codec.js";
import type { DecodingError } from "./errors/decoding-error.js";
import { type HandedValue, readValue } from "./frozen-value.js";
import { KeptEntry } from "./kept-entry.js";

/** A key whose value this process sees changed, with the values before and after. */
export interface ChangedKey {
  key: string;
  oldValue: unknown;
  newValue: unknown;
  /** Set when the new payload could not be decoded. */
  error?: DecodingError;
}

/**
 * The process's copy of the store: payloads decoded once, when they arrive, so a read is a `Map.get`. An
 * entry whose payload is the canonical encoding of its value is kept as the frozen value alone (the payload
 * is recomputed when it is needed: comparing a payload that arrives, writing the backup); the others as a
 * {@link KeptEntry}. Payloads are compared to tell which keys really changed.
 */
export class LocalCopy<P> {
  private readonly entries = new Map<string, unknown>();

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

  /** The value under `key`, `undefined` when missing; throws the key's `DecodingError` when it did not decode. */
  read(key: string): unknown {
    const entry = this.entries.get(key);
    if (!(entry instanceof KeptEntry)) return entry;
    if (entry.error !== undefined) throw entry.error;
    return readValue(entry);
  }

  /** Every key whose payload decoded, with its value (copied where values are copied on read). */
  *readable(): IterableIterator<[string, unknown]> {
    for (const [key, entry] of this.entries) {
      if (!(entry instanceof KeptEntry)) yield [key, entry];
      else if (entry.error === undefined) yield [key, readValue(entry)];
    }
  }

  /** Every key with its stored payload. */
  *payloads(): IterableIterator<[string, P]> {
    for (const [key, entry] of this.entries) yield [key, this.payloadOf(entry)];
  }

  /**
   * Stores a payload whose value is already decoded. With `describe`, returns the change (nothing if the
   * payload was already there); without, spends nothing on describing it.
   */
  put(key: string, payload: P, decoded: HandedValue, describe = true): ChangedKey | undefined {
    const known = this.entries.has(key);
    const old = this.entries.get(key);
    this.entries.set(key, this.entry(payload, decoded));
    if (!describe || (known && this.payloadOf(old) === payload)) return undefined;
    return { key, oldValue: known ? handedOut(old) : undefined, newValue: readValue(decoded) };
  }

  /** Removes `key`; with `describe`, returns the change (nothing if it was not there). */
  remove(key: string, describe = true): ChangedKey | undefined {
    if (!this.entries.has(key)) return undefined;
    const old = this.entries.get(key);
    this.entries.delete(key);
    return describe ? { key, oldValue: handedOut(old), newValue: undefined } : undefined;
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
    const known = this.entries.has(key);
    const old = this.entries.get(key);
    if (known && this.payloadOf(old) === payload) return undefined;
    let decoded: HandedValue | DecodingError;
    try {
      decoded = this.codec.decode(key, payload);
    } catch (error) {
      decoded = error as DecodingError;
    }
    const oldValue = known ? handedOut(old) : undefined;
    if (decoded instanceof Error) {
      this.entries.set(key, KeptEntry.of(payload, decoded));
      return { key, oldValue, newValue: undefined, error: decoded };
    }
    this.entries.set(key, this.entry(payload, decoded));
    return { key, oldValue, newValue: readValue(decoded) };
  }

  /** How a decoded payload is cached: the value alone when the payload is its canonical encoding. */
  private entry(payload: P, decoded: HandedValue): unknown {
    if (!decoded.copyOnRead && this.codec.canonical(decoded.value) === payload) return decoded.value;
    return KeptEntry.of(payload, decoded);
  }

  private payloadOf(entry: unknown): P {
    return entry instanceof KeptEntry ? (entry.payload as P) : (this.codec.canonical(entry) as P);
  }
}

/** What an entry hands out, for a change event: `undefined` for a payload that did not decode. */
function handedOut(entry: unknown): unknown {
  if (!(entry instanceof KeptEntry)) return entry;
  return entry.error === undefined ? readValue(entry) : undefined;
}
