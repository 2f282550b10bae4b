import { DurableDict, type DurableStore, type StoreChanges, type Version } from "@durabledict/core";
import { MemcacheVersionCounter } from "@durabledict/memcache";
import { describe, expect, it } from "vitest";
import { DatastoreStore } from "../src/index.js";
import { closedAfterEach } from "./closed-after-each.js";
import { uniqueNamespace } from "./emulator.js";

const kind = "Setting";
const ancestorPath = ["DatastoreDictAncestorModel", "ancestor-Setting"];
const { datastore, memcache, dict: closedLater } = closedAfterEach();

/** A store on a client of its own (another process), with a memcache counter on `prefix` when given. */
function store(
  namespace: string,
  options: { prefix?: string; tombstoneLimit?: number } = {},
): DatastoreStore {
  const { prefix, tombstoneLimit } = options;
  const versionCounter =
    prefix === undefined ? undefined : new MemcacheVersionCounter(memcache(), { prefix });
  return new DatastoreStore(datastore(), { kind, namespace, versionCounter, tombstoneLimit });
}

/** A store that counts the calls the dict makes, to tell an incremental sync from a full reload. */
function counted(inner: DurableStore<string>): { store: DurableStore<string>; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member !== "function") return member;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return member.apply(target, args);
      };
    },
  });
  return { store, calls };
}

async function reader(inner: DurableStore<string>) {
  const { store: wrapped, calls } = counted(inner);
  const dict = closedLater(await DurableDict.open<string>(wrapped, { autosync: false }));
  return { dict, calls };
}

/** What a `changesSince` answer holds, in a form `toEqual` compares regardless of order. */
function shape(changes: StoreChanges<string> | undefined) {
  if (changes === undefined) return undefined;
  return { changed: Object.fromEntries(changes.changed), deleted: [...changes.deleted].sort() };
}

/**
 * The seed blog's NDB `DatastoreDict` writing: the entity (its `value` only, no stamp) saved or deleted on its
 * own, then the memcache counter bumped; no version entity, no tombstone.
 */
async function blogWriter(namespace: string, prefix: string) {
  const client = datastore();
  const cache = memcache();
  const key = (name: string) => client.key({ namespace, path: [...ancestorPath, kind, name] });
  const touch = async () => {
    await cache.increment(`${prefix}last_updated`, 1, { initial: 1 });
  };
  return {
    persist: async (name: string, payload: string) => {
      await client.save({ key: key(name), data: { value: payload }, excludeFromIndexes: ["value"] });
      await touch();
    },
    depersist: async (name: string) => {
      await client.delete(key(name));
      await touch();
    },
  };
}

describe("changesSince on the emulator", () => {
  it("answers the entries written and deleted since a version, with the version it reaches", async () => {
    const namespace = uniqueNamespace();
    const writer = store(namespace);
    await writer.persistMany(
      new Map([
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
        ["d", "4"],
      ]),
    );
    const since = await store(namespace).lastUpdated();
    await writer.persist("a", "10");
    await writer.depersist("b");
    await writer.persist("e", "5");
    await writer.pop("c");
    await writer.persist("c", "30");

    const other = store(namespace);
    const changes = await other.changesSince(since);
    expect(shape(changes)).toEqual({ changed: { a: "10", e: "5", c: "30" }, deleted: ["b"] });
    expect(changes?.version).toBe(await other.lastUpdated());
    expect(shape(await other.changesSince(changes!.version))).toEqual({ changed: {}, deleted: [] });
  });

  it("a version of another epoch (the version entity was deleted and recreated) gets no answer", async () => {
    const namespace = uniqueNamespace();
    const writer = store(namespace);
    await writer.persist("a", "1");
    const since = await writer.lastUpdated();
    const client = datastore();
    await client.delete(client.key({ namespace, path: [...ancestorPath, "DurableDictVersion", kind] }));
    await writer.persist("a", "2");
    expect(await store(namespace).changesSince(since)).toBeUndefined();
    expect(await store(namespace).changesSince("not a version")).toBeUndefined();
  });

  it("prunes tombstones past tombstoneLimit: a reader past the pruned ones syncs by changes, one behind reloads", async () => {
    const namespace = uniqueNamespace();
    const writer = store(namespace, { tombstoneLimit: 5 });
    await writer.persistMany(new Map(Array.from({ length: 20 }, (_, i) => [`k${i}`, String(i)])));
    const behind = await reader(store(namespace));
    for (let i = 0; i < 12; i++) await writer.depersist(`k${i}`);
    const recent = await reader(store(namespace));
    await writer.depersist("k12");

    const client = datastore();
    const versionKey = client.key({ namespace, path: [...ancestorPath, "DurableDictVersion", kind] });
    const [tombstones] = await client.runQuery(
      client.createQuery(namespace, "DurableDictVersion").hasAncestor(versionKey),
    );
    // The version entity itself is of that kind too; at most tombstoneLimit tombstones stay.
    expect(tombstones.length - 1).toBeLessThanOrEqual(5);

    expect(await recent.dict.sync()).toBe(true);
    expect(recent.calls.get("durables")).toBe(1);
    expect(recent.calls.get("changesSince")).toBe(1);
    expect(await behind.dict.sync()).toBe(true);
    expect(behind.calls.get("durables")).toBe(2);
    for (const { dict } of [recent, behind])
      expect((await dict.keys()).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `k${i + 13}`).sort());
  });

  it("neither side sees the other's bookkeeping: a kind query finds only the entries, durables() no tombstone", async () => {
    const namespace = uniqueNamespace();
    const writer = store(namespace);
    await writer.persistMany(
      new Map([
        ["a", "1"],
        ["b", "2"],
      ]),
    );
    await writer.depersist("b");
    // What the seed blog's get_all runs: the kind's ancestor query.
    const client = datastore();
    const ancestor = client.key({ namespace, path: ancestorPath });
    const [entities] = await client.runQuery(client.createQuery(namespace, kind).hasAncestor(ancestor));
    expect(entities.map((entity) => entity[client.KEY].name)).toEqual(["a"]);
    expect(entities[0]?.value).toBe("1");
    expect(await store(namespace).durables()).toEqual(new Map([["a", "1"]]));
  });
});

describe("a writer that knows nothing of stamps and tombstones (the seed blog's NDB DatastoreDict)", () => {
  it("its entity and counter bump, nothing else, are seen on the next sync, by a full reload", async () => {
    const namespace = uniqueNamespace();
    const prefix = `${namespace}:`;
    const ours = store(namespace, { prefix });
    await ours.persistMany(
      new Map([
        ["a", '"1"'],
        ["b", '"2"'],
      ]),
    );
    const { dict, calls } = await reader(store(namespace, { prefix }));
    expect(await dict.get("a")).toBe("1");
    const blog = await blogWriter(namespace, prefix);

    await blog.persist("c", '"3"');
    expect(await dict.sync()).toBe(true);
    expect(await dict.get("c")).toBe("3");
    await blog.depersist("a");
    expect(await dict.sync()).toBe(true);
    expect(await dict.has("a")).toBe(false);
    expect(calls.get("durables")).toBe(3);

    // Our writes after it go back to syncing by changes; the blog's entity stays readable.
    await ours.persist("b", '"20"');
    expect(await dict.sync()).toBe(true);
    expect(calls.get("durables")).toBe(3);
    expect(Object.fromEntries(await dict.entries())).toEqual({ b: "20", c: "3" });
  });

  it("changesSince gives no answer for a version the blog writer moved on from", async () => {
    const namespace = uniqueNamespace();
    const prefix = `${namespace}:`;
    const ours = store(namespace, { prefix });
    await ours.persist("a", '"1"');
    const since: Version = await ours.lastUpdated();
    await (await blogWriter(namespace, prefix)).persist("b", '"2"');
    expect(await ours.changesSince(since)).toBeUndefined();
  });
});
