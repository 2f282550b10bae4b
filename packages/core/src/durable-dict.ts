import { type Backup, readBackup } from "./backup-file.js";
import { BackupKeeper } from "./backup-keeper.js";
import { Codec } from "./codec.js";
import type { DurableDictOptions } from "./durable-dict-options.js";
import { jsonEncoding } from "./encodings/json-encoding.js";
import { DecodingError } from "./errors/decoding-error.js";
import { DurableDictError } from "./errors/durable-dict-error.js";
import { EncodingError } from "./errors/encoding-error.js";
import { InvalidKeyError } from "./errors/invalid-key-error.js";
import { KeyError } from "./errors/key-error.js";
import type { ChangeEvent, DurableDictEvents } from "./events.js";
import { type HandedValue, readValue } from "./frozen-value.js";
import { Listeners } from "./listeners.js";
import { type ChangedKey, LocalCopy } from "./local-copy.js";
import { LocalView } from "./local-view.js";
import type { DurableStore } from "./store.js";
import { storeError } from "./store-call.js";
import { type DictStatus, StoreHealth } from "./store-health.js";
import { SyncEngine, type SyncOutcome } from "./sync-engine.js";
import { SyncPolicy } from "./sync-policy.js";

const defaultRetryDelay = 250;

/**
 * A dictionary whose entries live in a {@link DurableStore} shared by many processes, with the whole dict
 * cached in this process. Reads serve the local copy after a cheap version check (or none, see `autosync`);
 * writes go to the store first and resolve once it acknowledged them.
 *
 * Values handed out are immutable: plain objects and arrays come deep-frozen, other objects (`Map`, `Date`, …
 * from the rich encoding) as fresh copies. Write a changed value back with `set`.
 *
 * @typeParam V - the type of the values.
 */
export class DurableDict<V = unknown, P = string> implements AsyncIterable<[string, V]> {
  private readonly copy: LocalCopy<P>;
  private readonly engine: SyncEngine<P>;
  private readonly codec: Codec<P>;
  private readonly listeners = new Listeners<DurableDictEvents<V>>();
  private readonly policy: SyncPolicy<P>;
  private readonly health: StoreHealth;
  private readonly backup: BackupKeeper | undefined;
  private readonly adapter: string;
  private closed = false;

  private constructor(
    private readonly store: DurableStore<P>,
    private readonly options: DurableDictOptions<P>,
  ) {
    this.adapter = store.name ?? "custom";
    this.codec = new Codec(
      options.encoding ?? (jsonEncoding as never),
      options.fallbackEncoding,
      this.adapter,
    );
    this.copy = new LocalCopy(this.codec);
    this.engine = new SyncEngine(store, this.copy, this.adapter, (outcome) => this.publish(outcome));
    this.health = new StoreHealth(options.retryDelay ?? defaultRetryDelay, this.adapter, {
      status: (event) => this.listeners.emit("status", event),
      error: (error) => this.listeners.emit("error", error),
    });
    this.policy = new SyncPolicy(this.engine, store, this.adapter, options, this.health);
    this.backup =
      options.backupFile === undefined
        ? undefined
        : new BackupKeeper(
            options.backupFile,
            () => this.takeBackup(),
            (error) => this.listeners.emit("error", error),
            this.adapter,
          );
  }

  /**
   * Opens a dict over any store and loads it. Rejects with `StoreUnavailableError` when the store cannot be
   * read, unless the dict can start stale from `backupFile` or `bootstrap` (see {@link DurableDictOptions}).
   * The store is not closed by `close()` unless `ownsStore` is set; with it, a failed open closes the store.
   */
  static async open<V = unknown, P = string>(
    store: DurableStore<P>,
    options: DurableDictOptions<P> = {},
  ): Promise<DurableDict<V, P>> {
    const dict = new DurableDict<V, P>(store, options);
    try {
      await dict.policy.start(() => dict.startStale());
    } catch (error) {
      // The dict is never handed out, so nothing else could close the store it was to own. A failure to
      // close is not what the caller needs to hear: the open's own error is.
      if (options.ownsStore) await store.close?.().catch(() => {});
      throw error;
    }
    dict.backup?.schedule();
    return dict;
  }

  /**
   * `"live"` while the copy is known current (its last check reached the store, or a live watch vouches for
   * it), `"stale"` while it is served without that proof (the store cannot be reached, a watch cannot prove it
   * is alive, a start from a backup), `"closed"` after `close()`. Each change emits `status`.
   */
  get status(): DictStatus {
    return this.health.status;
  }

  /** When a version check last reached the store (`undefined` if none has, as after a start from a backup). */
  get checkedAt(): Date | undefined {
    return this.health.checkedAt;
  }

  /** The value under `key`, or `undefined` when it is missing. Rejects with `DecodingError` for a bad payload. */
  get(key: string): Promise<V | undefined>;
  /** The value under `key`, or `fallback` when it is missing. */
  get<F>(key: string, fallback: F): Promise<V | F>;
  get(key: string, ...fallback: [unknown?]): Promise<unknown> {
    // Not async: when no version check is due, or the store answers one synchronously with the version the
    // copy reflects, a read is a Map lookup and one resolved promise.
    if (this.policy.checkDue() && !this.policy.unchangedNow()) {
      return this.fresh().then(() => this.readLocal(key, fallback));
    }
    try {
      return Promise.resolve(this.readLocal(key, fallback));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Whether `key` is present. */
  async has(key: string): Promise<boolean> {
    await this.fresh();
    return this.copy.has(key);
  }

  /** Stores `value` under `key`. Resolves once the store acknowledged it; this process reads it at once. */
  async set(key: string, value: V): Promise<void> {
    const payload = this.encode(key, value);
    await this.persist(key, payload, this.codec.decode(key, payload));
  }

  /** Stores several entries. Atomic (one version bump) when the store offers `persistMany`. */
  async update(entries: Iterable<readonly [string, V]> | Record<string, V>): Promise<void> {
    const list = Symbol.iterator in entries ? [...entries] : Object.entries(entries);
    const encoded = new Map<string, P>();
    for (const [key, value] of list) encoded.set(key, this.encode(key, value));
    const decoded = new Map([...encoded].map(([key, payload]) => [key, this.codec.decode(key, payload)]));
    if (!this.store.persistMany) {
      for (const [key, payload] of encoded) await this.persist(key, payload, decoded.get(key)!);
      return;
    }
    if (encoded.size === 0) return;
    await this.write(
      "persistMany",
      undefined,
      () => this.store.persistMany!(encoded),
      (step, changes) => {
        this.policy.acknowledge(step);
        for (const [key, payload] of encoded) this.putLocal(key, payload, decoded.get(key)!, changes);
      },
    );
  }

  /** Deletes `key`. Resolves to whether it existed (from the local copy when the store cannot tell). */
  async delete(key: string): Promise<boolean> {
    this.checkKey(key);
    let existed = false;
    await this.write(
      "depersist",
      key,
      () => this.store.depersist(key),
      (result, changes) => {
        if (result?.existed !== false) this.policy.acknowledge(result);
        const known = this.copy.has(key);
        this.removeLocal(key, changes);
        existed = result?.existed ?? known;
      },
    );
    return existed;
  }

  /**
   * Removes `key` and returns its value. Rejects with `KeyError` when it is missing, and with `DecodingError`
   * carrying the removed payload (`error.payload`) when what was stored cannot be decoded.
   */
  pop(key: string): Promise<V>;
  /** Removes `key` and returns its value, or returns `fallback` (whatever it is, falsy included) when it is missing. */
  pop<F>(key: string, fallback: F): Promise<V | F>;
  async pop(key: string, ...fallback: [unknown?]): Promise<unknown> {
    this.checkKey(key);
    const missing = () => {
      if (fallback.length > 0) return fallback[0];
      throw new KeyError(key, this.adapter);
    };
    if (!this.store.pop) {
      await this.fresh();
      if (!this.copy.has(key)) return missing();
      const value = this.copy.read(key);
      await this.delete(key);
      return value;
    }
    const popped = await this.write(
      "pop",
      key,
      () => this.store.pop!(key),
      (result, changes) => {
        if (result !== undefined) this.policy.acknowledge(result);
        this.removeLocal(key, changes);
      },
    );
    if (popped === undefined) return missing();
    try {
      return readValue(this.codec.decode(key, popped.payload));
    } catch (error) {
      // The store no longer holds the payload: hand it over with the error rather than lose it.
      throw new DecodingError(key, "it was removed from the store; its payload is on this error", {
        adapter: this.adapter,
        cause: error,
        payload: popped.payload,
      });
    }
  }

  /**
   * Returns the value under `key`; when it is missing, stores `value` and returns it. Atomic when the store
   * offers `setdefault`: concurrent callers everywhere agree on one value, and the version moves only when
   * the key was created.
   */
  async setdefault(key: string, value: V): Promise<V> {
    const payload = this.encode(key, value);
    if (!this.store.setdefault) {
      await this.fresh();
      if (!this.copy.has(key)) await this.set(key, value);
      return this.copy.read(key) as V;
    }
    let stored: HandedValue | undefined;
    await this.write(
      "setdefault",
      key,
      () => this.store.setdefault!(key, payload),
      (result, changes) => {
        if (result.created) this.policy.acknowledge(result);
        stored = this.codec.decode(key, result.payload);
        this.putLocal(key, result.payload, stored, changes);
      },
    );
    return readValue(stored!) as V;
  }

  /** Deletes every key this dict knows of (after a fresh sync). Not atomic across keys. */
  async clear(): Promise<void> {
    await this.sync();
    for (const key of [...this.copy.keys()]) await this.delete(key);
  }

  /** The keys. */
  async keys(): Promise<string[]> {
    await this.fresh();
    return [...this.copy.keys()];
  }

  /**
   * The values, in key order. A key whose stored payload cannot be decoded is passed over (it was reported by an
   * `error` event when it arrived; `get` of it rejects with its `DecodingError`), so one bad entry never hides
   * the others.
   */
  async values(): Promise<V[]> {
    await this.fresh();
    return [...this.copy.readable()].map(([, value]) => value as V);
  }

  /** The entries as `[key, value]` pairs, passing over undecodable keys as {@link DurableDict.values} does. */
  async entries(): Promise<[string, V][]> {
    await this.fresh();
    return [...this.copy.readable()] as [string, V][];
  }

  /** The number of keys. */
  async size(): Promise<number> {
    await this.fresh();
    return this.copy.size;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<[string, V]> {
    yield* await this.entries();
  }

  /**
   * Checks the store's version now and applies what changed, whatever `autosync` says.
   * @returns whether anything changed. Rejects with `StoreUnavailableError` when the store cannot be read.
   */
  async sync(): Promise<boolean> {
    this.checkOpen();
    const outcome = await this.policy.syncNow();
    return (outcome?.changes.length ?? 0) > 0;
  }

  /**
   * A synchronous, read-only view of the local copy, for hot paths: no version check, no promise. The view is
   * live (later syncs show through it) and costs nothing to take.
   */
  snapshot(): ReadonlyMap<string, V> {
    return new LocalView<V>(this.copy);
  }

  /** Subscribes to `change`, `sync` or `error`. Returns a function that unsubscribes. */
  on<E extends keyof DurableDictEvents<V>>(
    event: E,
    listener: (payload: DurableDictEvents<V>[E]) => void,
  ): () => void {
    return this.listeners.on(event, listener);
  }

  /**
   * Stops background work and the watch, writes the backup file if a write of it is due, and closes the store
   * when the dict owns it. Further calls reject.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.policy.stop();
    await this.backup?.flush();
    if (this.options.ownsStore) await this.store.close?.();
    this.health.closed();
    this.listeners.clear();
  }

  private readLocal(key: string, fallback: [unknown?]): unknown {
    this.checkOpen();
    if (!this.copy.has(key)) return fallback[0];
    return this.copy.read(key);
  }

  /** For autosync reads: make the copy current unless a live watch vouches for it or the store is known down. */
  private async fresh(): Promise<void> {
    this.checkOpen();
    await this.policy.beforeRead();
  }

  /**
   * Runs one write: `call` asks the store; `apply` accounts for its acknowledged answer (the version step,
   * the local copy, collecting the changes to announce) before anything else of this dict's can run.
   * Resolves to the store's answer; a store failure rejects as `StoreUnavailableError`.
   */
  private async write<T>(
    operation: string,
    key: string | undefined,
    call: () => Promise<T>,
    apply: (answer: T, changes: ChangedKey[] | undefined) => void,
  ): Promise<T> {
    this.checkOpen();
    const changes = this.listeners.has("change") ? [] : undefined;
    this.policy.beginWrite();
    let answer: T;
    try {
      try {
        answer = await call();
      } catch (cause) {
        throw storeError(this.adapter, operation, key, cause);
      }
      apply(answer, changes);
    } finally {
      this.policy.endWrite();
    }
    this.backup?.schedule();
    for (const change of changes ?? []) this.emitChange(change, "local");
    return answer;
  }

  /** Writes one encoded, already vetted payload, and applies it to the copy once the store acknowledged it. */
  private async persist(key: string, payload: P, decoded: HandedValue): Promise<void> {
    await this.write(
      "persist",
      key,
      () => this.store.persist(key, payload),
      (step, changes) => {
        this.policy.acknowledge(step);
        this.putLocal(key, payload, decoded, changes);
      },
    );
  }

  /**
   * Applies this process's own write to the copy (the engine is told in the same tick), adding the change to
   * `changes` when someone listens for changes.
   */
  private putLocal(key: string, payload: P, decoded: HandedValue, changes: ChangedKey[] | undefined): void {
    this.engine.noteLocalWrite(key);
    const change = this.copy.put(key, payload, decoded, changes !== undefined);
    if (change) changes!.push(change);
  }

  private removeLocal(key: string, changes: ChangedKey[] | undefined): void {
    this.engine.noteLocalWrite(key);
    const change = this.copy.remove(key, changes !== undefined);
    if (change) changes!.push(change);
  }

  /**
   * Fills the copy without the store, for a start while it is unreachable: from the backup file, else from
   * `bootstrap`. Resolves to whether it did; rejects for a backup file that cannot be used (corrupt, foreign).
   */
  private async startStale(): Promise<boolean> {
    const { backupFile, bootstrap } = this.options;
    if (backupFile !== undefined) {
      const backup = await readBackup(backupFile, this.backupIdentity(), this.adapter).catch(
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
          if (DurableDictError.isInstance(error)) throw error;
          throw new DurableDictError(`cannot read the backup file ${JSON.stringify(backupFile)}`, {
            adapter: this.adapter,
            cause: error,
          });
        },
      );
      if (backup !== undefined) {
        this.engine.preload(backup.entries as Map<string, unknown> as Map<string, P>);
        return true;
      }
    }
    if (bootstrap === undefined) return false;
    this.engine.preload(
      new Map(Object.entries(bootstrap).map(([key, value]) => [key, this.encode(key, value)])),
    );
    return true;
  }

  /** The copy as the backup file keeps it; `undefined` until a sync has loaded it from the store. */
  private takeBackup(): Backup | undefined {
    if (!this.engine.loaded) return undefined;
    const entries = new Map<string, string>();
    for (const [key, payload] of this.copy.payloads()) {
      if (typeof payload !== "string") {
        this.listeners.emit(
          "error",
          new DurableDictError(
            "the backup file holds text payloads only: the encoding produced another kind",
            {
              adapter: this.adapter,
              key,
            },
          ),
        );
        return undefined;
      }
      entries.set(key, payload);
    }
    return { store: this.backupIdentity(), version: this.engine.version, entries, savedAt: Date.now() };
  }

  /** What a backup file must name to be this dict's: the adapter, and the store's scope when it is text. */
  private backupIdentity(): string {
    return typeof this.store.scope === "string" ? `${this.adapter} ${this.store.scope}` : this.adapter;
  }

  private publish(outcome: SyncOutcome): void {
    this.backup?.schedule();
    for (const change of outcome.changes) {
      if (change.error) this.listeners.emit("error", change.error);
      this.emitChange(change, "remote");
    }
    this.listeners.emit("sync", {
      version: outcome.version,
      changes: outcome.changes.length,
      full: outcome.full,
    });
  }

  private emitChange(change: ChangedKey, origin: ChangeEvent<V>["origin"]): void {
    if (!this.listeners.has("change")) return;
    const { key, oldValue, newValue } = change;
    this.listeners.emit("change", { key, oldValue: oldValue as V, newValue: newValue as V, origin });
  }

  private checkKey(key: string): void {
    if (typeof key !== "string") throw new InvalidKeyError(key, "keys must be strings", this.adapter);
    if (!key.isWellFormed()) {
      // Every store keeps keys as UTF-8, which would turn a lone surrogate into U+FFFD: another key.
      throw new InvalidKeyError(key, "keys must be well-formed Unicode (a lone surrogate)", this.adapter);
    }
    this.store.validateKey?.(key);
  }

  /** Checks the key, encodes the value and lets the store vet the payload: everything that may refuse a write. */
  private encode(key: string, value: unknown): P {
    this.checkKey(key);
    const payload = this.codec.encode(key, value);
    if (typeof payload === "string" && !payload.isWellFormed()) {
      throw new EncodingError(key, "the encoding produced text with a lone surrogate, which stores change", {
        adapter: this.adapter,
      });
    }
    this.store.validatePayload?.(key, payload);
    return payload;
  }

  private checkOpen(): void {
    if (this.closed) throw new DurableDictError("the dict is closed", { adapter: this.adapter });
  }
}
