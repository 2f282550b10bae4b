import {
  type DepersistResult,
  DurableDictError,
  type DurableStore,
  EncodingError,
  InvalidKeyError,
  type PopResult,
  type SetdefaultResult,
  type Version,
  type VersionStep,
} from "@durabledict/core";
import type { Datastore, Entity, Key, Transaction } from "@google-cloud/datastore";
import { CachedVersion } from "./cached-version.js";
import { assertDatastoreName, datastoreNameProblem } from "./datastore-names.js";
import type { DatastoreStoreOptions } from "./datastore-store-options.js";
import { withDeadline } from "./deadline.js";
import { EntityGroup } from "./entity-group.js";
import { payloadProblem } from "./payload-limit.js";
import { type TransactionOutcome, type TransactionPolicy, transact } from "./transact.js";
import { formatVersion, nextVersion, type VersionState } from "./version-state.js";

/** Datastore takes at most 500 mutations per commit; one is the version entity. */
const maxBatch = 499;

/** What a write transaction saw and did, for the version bookkeeping after the commit. */
interface WriteOutcome<T> {
  result: T;
  previous?: VersionState | undefined;
  next?: VersionState;
}

/**
 * A durabledict store on Cloud Datastore, NDB style: each entry an entity of `kind` whose key name is the dict
 * key, all under one ancestor key, the encoded value in the unindexed property `value`. A version entity
 * (kind `DurableDictVersion`, named after `kind`) in the same entity group is bumped in every write
 * transaction, so the version can never be lost or run ahead of the data. Reads of all entries are an
 * ancestor query, hence strongly consistent.
 *
 * With a `versionCounter` (memcache), version checks read the counter instead of Datastore; see
 * {@link CachedVersion} for how a lost or lagging counter is survived, and the README for the bound.
 */
export class DatastoreStore implements DurableStore<string> {
  readonly name = "datastore";
  private readonly group: EntityGroup;
  private readonly policy: TransactionPolicy;
  private readonly cached: CachedVersion | undefined;

  /**
   * @param datastore - a client the caller built; never closed by the store.
   * @param options - where the dict lives and how calls are bounded.
   */
  constructor(
    private readonly datastore: Datastore,
    options: DatastoreStoreOptions,
  ) {
    const ancestor = options.ancestor ?? `ancestor-${options.kind}`;
    const ancestorKind = options.ancestorKind ?? "DatastoreDictAncestorModel";
    assertDatastoreName("kind", options.kind);
    assertDatastoreName("ancestor", ancestor);
    assertDatastoreName("ancestor kind", ancestorKind);
    this.group = new EntityGroup(datastore, {
      kind: options.kind,
      ancestor,
      ancestorKind,
      namespace: options.namespace,
    });
    this.policy = { timeout: options.timeout ?? 10_000, attempts: options.transactionAttempts ?? 8 };
    this.cached =
      options.versionCounter &&
      new CachedVersion(
        options.versionCounter,
        () => this.readVersion(),
        options.entityCheckInterval ?? 5000,
      );
  }

  /** Throws `InvalidKeyError` for a key Datastore cannot hold: empty, over 1500 bytes, or reserved (`__x__`). */
  validateKey(key: string): void {
    if (typeof key !== "string") throw new InvalidKeyError(key, "keys must be strings", this.name);
    const problem = datastoreNameProblem(key);
    if (problem !== undefined) throw new InvalidKeyError(key, problem, this.name);
  }

  /** Throws `EncodingError` for a payload whose entity would exceed Datastore's size limits. */
  validatePayload(key: string, payload: string): void {
    const problem = payloadProblem(payload, this.group.keyOverheadBytes + Buffer.byteLength(key, "utf8"));
    if (problem !== undefined) throw new EncodingError(key, problem, { adapter: this.name });
  }

  /** Creates or replaces `key` and bumps the version, in one transaction. */
  async persist(key: string, payload: string): Promise<VersionStep | undefined> {
    this.check(key, payload);
    return this.write([this.group.versionKey], (_, tx) => {
      tx.save(this.group.entry(key, payload));
      return { result: undefined, wrote: true };
    }).then(({ step }) => step);
  }

  /** Writes every entry and bumps the version once, in one transaction (at most 499 entries). */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    for (const [key, payload] of entries) this.check(key, payload);
    if (entries.size > maxBatch) {
      throw new DurableDictError(
        `a batch of ${entries.size} entries is over the ${maxBatch} one Datastore commit holds; nothing was written`,
        { adapter: this.name },
      );
    }
    return this.write([this.group.versionKey], (_, tx) => {
      tx.save([...entries].map(([key, payload]) => this.group.entry(key, payload)));
      return { result: undefined, wrote: entries.size > 0 };
    }).then(({ step }) => step);
  }

  /** Deletes `key`; when it existed, the deletion and the version bump are one transaction. */
  async depersist(key: string): Promise<DepersistResult> {
    this.validateKey(key);
    const { result: existed, step } = await this.write([this.group.entryKey(key)], (found, tx) => {
      if (found === undefined) return { result: false, wrote: false };
      tx.delete(this.group.entryKey(key));
      return { result: true, wrote: true };
    });
    return { existed, ...step };
  }

  /** Removes `key` and returns its payload in one transaction; `undefined` (no version move) when missing. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    this.validateKey(key);
    const { result: payload, step } = await this.write([this.group.entryKey(key)], (found, tx) => {
      if (found === undefined) return { result: undefined, wrote: false };
      tx.delete(this.group.entryKey(key));
      return { result: this.group.payloadOf(found) ?? "", wrote: true };
    });
    return payload === undefined ? undefined : { payload, ...step };
  }

  /** Get-or-create in one transaction; the version moves only when the entry was created. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    this.check(key, payload);
    const { result, step } = await this.write([this.group.entryKey(key)], (found, tx) => {
      if (found !== undefined)
        return { result: { payload: this.group.payloadOf(found) ?? "", created: false }, wrote: false };
      tx.save(this.group.entry(key, payload));
      return { result: { payload, created: true }, wrote: true };
    });
    return { ...result, ...step };
  }

  /** Every entry, by an ancestor query (strongly consistent). */
  async durables(): Promise<Map<string, string>> {
    // The entity version is read before the entries, so what we note as loaded is never newer than them.
    if (this.cached) this.cached.noteLoaded(await this.readVersion());
    const [entities] = await withDeadline(
      "runQuery",
      this.policy.timeout,
      this.datastore.runQuery(this.group.entriesQuery(), { gaxOptions: { timeout: this.policy.timeout } }),
    );
    const all = new Map<string, string>();
    for (const entity of entities as Entity[]) {
      const name = this.group.nameOf(entity);
      const payload = this.group.payloadOf(entity);
      if (name !== undefined && payload !== undefined) all.set(name, payload);
    }
    return all;
  }

  /** The version entity's `<epoch>:<counter>`, or with a counter the counter's value (see {@link CachedVersion}). */
  async lastUpdated(): Promise<Version> {
    if (this.cached) return this.cached.current();
    return formatVersion(await this.readVersion());
  }

  /** Nothing to release: the client and the counter belong to the caller. */
  async close(): Promise<void> {}

  /** Looks up the version entity, strongly consistent (a lookup by key). */
  private async readVersion(): Promise<VersionState | undefined> {
    const [entity] = await withDeadline(
      "lookup",
      this.policy.timeout,
      this.datastore.get(this.group.versionKey, { gaxOptions: { timeout: this.policy.timeout } }),
    );
    return this.group.versionOf(entity as object | undefined);
  }

  private check(key: string, payload: string): void {
    this.validateKey(key);
    this.validatePayload(key, payload);
  }

  /**
   * Runs a write transaction over the version entity and `keys` (the entry, when the body must see it). The
   * body gets the entry found (if any) and decides; when it wrote, the version entity is bumped in the same
   * transaction, and after the commit the counter (if any) is moved.
   */
  private async write<T>(
    keys: Key[],
    body: (found: Entity | undefined, tx: Transaction) => TransactionOutcome<T>,
  ): Promise<{ result: T; step: VersionStep | undefined }> {
    const lookup = keys.includes(this.group.versionKey) ? keys : [this.group.versionKey, ...keys];
    const outcome = await transact<WriteOutcome<T>>(
      () => this.datastore.transaction(),
      lookup,
      this.policy,
      (entities, tx) => {
        const version = entities.find((entity) => this.group.isVersion(entity));
        const entry = entities.find((entity) => !this.group.isVersion(entity));
        const previous = this.group.versionOf(version);
        const { result, wrote } = body(entry, tx);
        if (!wrote) return { result: { result }, wrote };
        const next = nextVersion(previous);
        tx.save(this.group.version(next));
        return { result: { result, previous, next }, wrote };
      },
    );
    if (outcome.next === undefined) return { result: outcome.result, step: undefined };
    if (this.cached)
      return { result: outcome.result, step: await this.cached.announce(outcome.previous, outcome.next) };
    return {
      result: outcome.result,
      step: { previous: formatVersion(outcome.previous), version: formatVersion(outcome.next) },
    };
  }
}
