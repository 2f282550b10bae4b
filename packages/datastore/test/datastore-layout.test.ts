import {
  type DurableDict,
  DurableDictError,
  EncodingError,
  InvalidKeyError,
  StoreUnavailableError,
} from "@durabledict/core";
import { type Datastore, PropertyFilter } from "@google-cloud/datastore";
import { afterEach, describe, expect, it } from "vitest";
import { DatastoreStore, openDatastoreDict } from "../src/index.js";
import { closeDatastore, newDatastore, uniqueNamespace } from "./emulator.js";

const clients: Datastore[] = [];
const dicts: DurableDict<unknown>[] = [];

function client(): Datastore {
  const made = newDatastore();
  clients.push(made);
  return made;
}

async function open<V>(datastore: Datastore, options: Parameters<typeof openDatastoreDict>[1]) {
  const dict = await openDatastoreDict<V>(datastore, options);
  dicts.push(dict as DurableDict<unknown>);
  return dict;
}

afterEach(async () => {
  for (const dict of dicts.splice(0)) await dict.close();
  for (const made of clients.splice(0)) await closeDatastore(made);
});

async function versionCounter(datastore: Datastore, namespace: string, path: string[]): Promise<number> {
  const [entity] = await datastore.get(datastore.key({ namespace, path }));
  return Number((entity as { counter: number }).counter);
}

describe("the NDB layout", () => {
  it("stores each entry as <kind>/<key> under the default ancestor, the value unindexed, with a version entity", async () => {
    const datastore = client();
    const namespace = uniqueNamespace();
    const dict = await open<string>(datastore, { kind: "Setting", namespace });
    await dict.set("greeting", "hello");
    await dict.set("big", "x".repeat(100_000));

    const ancestor = ["DatastoreDictAncestorModel", "ancestor-Setting"];
    const [entity] = await datastore.get(
      datastore.key({ namespace, path: [...ancestor, "Setting", "greeting"] }),
    );
    expect((entity as { value: string }).value).toBe('"hello"');
    // An unindexed property is absent from every index: an equality query on it finds nothing.
    const byValue = datastore
      .createQuery(namespace, "Setting")
      .filter(new PropertyFilter("value", "=", '"hello"'));
    expect((await datastore.runQuery(byValue))[0]).toEqual([]);
    expect(await versionCounter(datastore, namespace, [...ancestor, "DurableDictVersion", "Setting"])).toBe(
      2,
    );
  });

  it("keeps dicts of different kinds under one ancestor apart, each with its own version", async () => {
    const datastore = client();
    const namespace = uniqueNamespace();
    const shared = { namespace, ancestor: "app-config", ancestorKind: "Config" };
    const flags = await open<boolean>(datastore, { kind: "Flag", ...shared });
    const themes = await open<string>(datastore, { kind: "Theme", ...shared });
    await flags.set("beta", true);
    await themes.set("default", "dark");
    await themes.set("alt", "light");

    const reader = await open<boolean>(client(), { kind: "Flag", ...shared });
    expect(await reader.entries()).toEqual([["beta", true]]);
    const versions = ["Flag", "Theme"].map((kind) => ["Config", "app-config", "DurableDictVersion", kind]);
    expect(await versionCounter(datastore, namespace, versions[0]!)).toBe(1);
    expect(await versionCounter(datastore, namespace, versions[1]!)).toBe(2);
  });

  it("closing the dict leaves the caller's Datastore client open", async () => {
    const datastore = client();
    const namespace = uniqueNamespace();
    const dict = await openDatastoreDict<number>(datastore, { kind: "Setting", namespace });
    await dict.set("n", 1);
    await dict.close();
    const again = await open<number>(datastore, { kind: "Setting", namespace });
    expect(await again.get("n")).toBe(1);
  });

  it("refuses a kind or ancestor Datastore reserves, before talking to it", () => {
    const datastore = client();
    expect(() => new DatastoreStore(datastore, { kind: "__Setting__" })).toThrow(/reserved/);
    expect(
      () => new DatastoreStore(datastore, { kind: "Setting", ancestor: "__ancestor-Setting__" }),
    ).toThrow(/reserved/);
    expect(() => new DatastoreStore(datastore, { kind: "" })).toThrow(TypeError);
  });
});

describe("bad input is refused before anything is written", () => {
  it("refuses keys over 1500 UTF-8 bytes even when short in characters, and lone surrogates", async () => {
    const datastore = client();
    const namespace = uniqueNamespace();
    const dict = await open<number>(datastore, { kind: "Setting", namespace });
    const store = new DatastoreStore(datastore, { kind: "Setting", namespace });
    await dict.set("k".repeat(1500), 1);
    for (const key of ["€".repeat(501), "broken\uD800", "__key__"]) {
      const error = await dict.set(key, 1).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidKeyError);
      expect((error as InvalidKeyError).key).toBe(key);
      expect((error as InvalidKeyError).adapter).toBe("datastore");
    }
    expect(await store.durables()).toEqual(new Map([["k".repeat(1500), "1"]]));
  });

  it("refuses a value over Datastore's entity limit with EncodingError, and stores one just under it", async () => {
    const datastore = client();
    const namespace = uniqueNamespace();
    const dict = await open<string>(datastore, { kind: "Setting", namespace });
    const store = new DatastoreStore(datastore, { kind: "Setting", namespace });
    const tooBig = "x".repeat(1_048_487);
    const error = await dict.set("blob", tooBig).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EncodingError);
    expect((error as EncodingError).message).toMatch(
      /\[durabledict:datastore\].*"blob".*Datastore holds at most/,
    );
    expect(await store.lastUpdated()).toBeUndefined();
    expect((await store.durables()).size).toBe(0);

    const fits = "y".repeat(1_048_000);
    await dict.set("blob", fits);
    const reader = await open<string>(client(), { kind: "Setting", namespace });
    expect(await reader.get("blob")).toBe(fits);
  });

  it("refuses a batch larger than one commit holds, naming the adapter, with nothing written", async () => {
    const datastore = client();
    const namespace = uniqueNamespace();
    const dict = await open<number>(datastore, { kind: "Setting", namespace });
    const store = new DatastoreStore(datastore, { kind: "Setting", namespace });
    const batch = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const error = await dict.update(batch).catch((caught: unknown) => caught);
    expect(DurableDictError.isInstance(error)).toBe(true);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect((error as DurableDictError).message).toMatch(/\[durabledict:datastore\].*500 entries/);
    expect((await store.durables()).size).toBe(0);
    expect(await store.lastUpdated()).toBeUndefined();
  });
});
