import {
  type DepersistResult,
  DurableDictError,
  type DurableStore,
  EncodingError,
  InvalidKeyError,
  type PopResult,
  type SetdefaultResult,
  type StoreChanges,
  type Version,
  type VersionStep,
} from "@durabledict/core";
import { epochVersion, NotSentError, withDeadline } from "@durabledict/core/adapter";
import type { Datastore, Entity, Query, Transaction } from "@google-cloud/datastore";
import { CounterVersion } from "./counter-version.js";
import { assertDatastoreName, datastoreNameProblem } from "./datastore-names.js";
import { datastoreScope } from "./datastore-scope.js";
import type { DatastoreStoreOptions } from "./datastore-store-options.js";
import { EntityGroup, versionKind } from "./entity-group.js";
import { entryPayload } from "./entry-payload.js";
import { findChanges } from "./find-changes.js";
import { payloadProblem } from "./payload-limit.js";
import { pruneTombstones } from "./prune-tombstones.js";
import type { TransactionPolicy } from "./transact.js";
import { type EpochCounter, formatVersion, readVersionState, type VersionState } from "./version-state.js";
import { type Found, type WriteDecision, writeTransaction } from "./write-transaction.js";

/** Datastore takes at most 500 mutations per commit; one is the version entity. */
const maxBatch = 499;

/**
 * A durabledict store on Cloud Datastore, NDB style: each entry an entity of `kind` whose key name is the dict
 * key, all under one ancestor key, the encoded value in the unindexed property `value`. A version entity
 * (kind `DurableDictVersion`, named after `kind`) in the same entity group is bumped in every write
 * transaction, so the version can never be lost or run ahead of the data. Every entry carries the stamp `v` of
 * the write that last wrote it and every deletion leaves a tombstone under the version entity, so a sync asks
 * for what changed since its version instead of reloading everything. Reads are ancestor queries and lookups
 * by key, hence strongly consistent.
 *
 * With a `versionCounter` (memcache), version checks read the counter instead of Datastore; see
 * {@link CounterVersion} for how a lost or lagging counter is survived, and the README for the bound.
 */
export class DatastoreStore implements DurableStore<string> {
  readonly name = "datastore";
  /** Where the data is: the endpoint (emulator), project, database, namespace, ancestor and kind. */
  readonly scope: string;
  /** Most tombstones kept; a reader further behind in deletions than those reloads everything. */
  readonly tombstoneLimit: number;
  private readonly group: EntityGroup;
  private readonly policy: TransactionPolicy;
  private readonly counted: CounterVersion | undefined;
  /**
   * The last write transaction started. Every write reads and bumps the version entity, so two concurrent
   * transactions of one store only make Datastore abort one of them: this store runs its writes one at a
   * time, and only other processes' writes contend.
   */
  private writing: Promise<unknown> = Promise.resolve();

  /**
   * @param datastore - a client the caller built; never closed by the store.
   * @param options - where the dict lives and how calls are bounded.
   */
  constructor(
    private readonly datastore: Datastore,
    options: DatastoreStoreOptions,
  ) {
    const place = {
      kind: options.kind,
      ancestor: options.ancestor ?? `ancestor-${options.kind}`,
      ancestorKind: options.ancestorKind ?? "DatastoreDictAncestorModel",
      namespace: options.namespace,
    };
    assertDatastoreName("kind", place.kind, [versionKind]);
    assertDatastoreName("ancestor", place.ancestor);
    assertDatastoreName("ancestor kind", place.ancestorKind, [versionKind]);
    this.group = new EntityGroup(datastore, place);
    this.scope = datastoreScope(datastore, place);
    this.tombstoneLimit = options.tombstoneLimit ?? 1000;
    if (!Number.isSafeInteger(this.tombstoneLimit) || this.tombstoneLimit < 1)
      throw new TypeError(`[durabledict:datastore] tombstoneLimit must be a positive integer`);
    this.policy = { timeout: options.timeout ?? 10_000, attempts: options.transactionAttempts ?? 8 };
    this.counted =
      options.versionCounter &&
      new CounterVersion(
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
    const problem = payloadProblem(payload, this.group.entryOverheadBytes + Buffer.byteLength(key, "utf8"));
    if (problem !== undefined) throw new EncodingError(key, problem, { adapter: this.name });
  }

  /** Creates or replaces `key` and bumps the version, in one transaction. */
  async persist(key: string, payload: string): Promise<VersionStep | undefined> {
    this.check(key, payload);
    const { step } = await this.write([], () => ({
      result: undefined,
      mutate: (tx, next) => {
        tx.save(this.group.entry(key, payload, next));
        return next;
      },
    }));
    return step;
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
    if (entries.size === 0) return undefined;
    const { step } = await this.write([], () => ({
      result: undefined,
      mutate: (tx, next) => {
        tx.save([...entries].map(([key, payload]) => this.group.entry(key, payload, next)));
        return next;
      },
    }));
    return step;
  }

  /** Deletes `key`, leaving its tombstone; when it existed, that and the version bump are one transaction. */
  async depersist(key: string): Promise<DepersistResult> {
    this.validateKey(key);
    const { result: existed, step } = await this.write([key], (found) => ({
      result: found.entry !== undefined,
      mutate: found.entry === undefined ? undefined : (tx, next) => this.remove(tx, key, found, next),
    }));
    return { existed, ...step };
  }

  /** Removes `key` and returns its payload in one transaction; `undefined` (no version move) when missing. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    this.validateKey(key);
    const { result: payload, step } = await this.write([key], (found) => ({
      result: found.entry === undefined ? undefined : entryPayload(found.entry),
      mutate: found.entry === undefined ? undefined : (tx, next) => this.remove(tx, key, found, next),
    }));
    return payload === undefined ? undefined : { payload, ...step };
  }

  /** Get-or-create in one transaction; the version moves only when the entry was created. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    this.check(key, payload);
    const { result, step } = await this.write([key], (found) => {
      if (found.entry !== undefined)
        return { result: { payload: entryPayload(found.entry), created: false } };
      return {
        result: { payload, created: true },
        mutate: (tx, next) => {
          tx.save(this.group.entry(key, payload, next));
          return next;
        },
      };
    });
    return { ...result, ...step };
  }

  /** Every entry, by an ancestor query (strongly consistent). */
  async durables(): Promise<Map<string, string>> {
    const all = new Map<string, string>();
    for (const entity of await this.run(this.group.entriesQuery())) {
      const name = this.group.nameOf(entity);
      if (name !== undefined) all.set(name, entryPayload(entity));
    }
    return all;
  }

  /**
   * The entries written and deleted since `version`: two ancestor queries on the stamps, at once (see
   * {@link findChanges}). `undefined`, so the dict reloads everything, when the version entity was recreated,
   * the tombstones after `version` were pruned, or (with a counter) someone moved the counter without
   * leaving a record.
   */
  async changesSince(version: Version): Promise<StoreChanges<string> | undefined> {
    const find = (since: EpochCounter) => findChanges(this.group, (query) => this.run(query), since);
    if (this.counted) return this.counted.changes(version, find);
    const since = epochVersion.split(version);
    const found = since && (await find(since));
    if (found === undefined) return undefined;
    const reached = formatVersion({ epoch: found.state.epoch, counter: found.complete })!;
    return { version: reached, changed: found.changed, deleted: found.deleted };
  }

  /** The version entity's `<epoch>:<counter>`, or with a counter a spelling of both (see {@link CounterVersion}). */
  async lastUpdated(): Promise<Version> {
    if (this.counted) return this.counted.current();
    return formatVersion(await this.readVersion());
  }

  /** Nothing to release: the client and the counter belong to the caller. */
  async close(): Promise<void> {}

  /** Looks up the version entity, strongly consistent (a lookup by key). */
  private async readVersion(): Promise<VersionState | undefined> {
    const [entity] = await withDeadline("lookup", this.policy.timeout, () =>
      this.datastore.get(this.group.versionKey, { gaxOptions: { timeout: this.policy.timeout } }),
    );
    return this.group.isVersion(entity ?? {}) ? readVersionState(entity) : undefined;
  }

  private async run(query: Query): Promise<Entity[]> {
    const [entities] = await withDeadline("runQuery", this.policy.timeout, () =>
      this.datastore.runQuery(query, { gaxOptions: { timeout: this.policy.timeout } }),
    );
    return entities;
  }

  private check(key: string, payload: string): void {
    this.validateKey(key);
    this.validatePayload(key, payload);
  }

  /** Deletes the entry of `key` and leaves its tombstone, pruning the oldest past `tombstoneLimit`. */
  private remove(tx: Transaction, key: string, found: Found, next: VersionState): Promise<VersionState> {
    tx.delete(this.group.entryKey(key));
    tx.save(this.group.tombstone(key, next));
    const tombstones = next.tombstones + (found.tombstone === undefined ? 1 : 0);
    return pruneTombstones(
      this.group,
      tx,
      { ...next, tombstones },
      this.tombstoneLimit,
      key,
      this.policy.timeout,
    );
  }

  /**
   * Runs a {@link writeTransaction} once this store's previous write has settled, then moves the counter (if
   * any) past the version it produced. A write whose turn does not come within `timeout` ms rejects with
   * `NotSentError` and is never sent; the writes after it still wait for the ones before it.
   */
  private async write<T>(
    keys: string[],
    body: (found: Found) => WriteDecision<T>,
  ): Promise<{ result: T; step: VersionStep | undefined }> {
    const turn = this.writing.catch(() => {});
    const { timeout } = this.policy;
    const run = withDeadline("write queue", timeout, turn).then(
      () => writeTransaction(this.datastore, this.group, this.policy, keys, body),
      (cause: unknown) => {
        const why = `[durabledict:datastore] not sent: this store's earlier writes held it for ${timeout} ms`;
        throw new NotSentError(why, { cause });
      },
    );
    this.writing = Promise.allSettled([turn, run]);
    const { result, previous, next } = await run;
    if (next === undefined) return { result, step: undefined };
    if (this.counted) return { result, step: await this.counted.announce(previous, next) };
    return { result, step: { previous: formatVersion(previous), version: formatVersion(next) } };
  }
}
