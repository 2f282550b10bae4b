import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import { Datastore } from "@google-cloud/datastore";
import memjs from "memjs";
import type { Servers } from "../servers.js";
import type { KitFactory } from "./kit.js";
import { loadAdapter, memoize } from "./load-adapter.js";

interface DatastoreSettings {
  kind: string;
  versionCounter?: unknown;
}

interface DatastoreApi {
  openDatastoreDict<V>(
    datastore: Datastore,
    options: DatastoreSettings & DurableDictOptions,
  ): Promise<DurableDict<V>>;
  DatastoreStore: new (datastore: Datastore, options: DatastoreSettings) => DurableStore;
}

interface MemcacheApi {
  MemcacheVersionCounter: new (client: memjs.Client, options: { prefix: string }) => unknown;
}

const loadDatastore = memoize(() =>
  loadAdapter<DatastoreApi>("@durabledict/datastore", ["openDatastoreDict", "DatastoreStore"]),
);
const loadMemcache = memoize(() =>
  loadAdapter<MemcacheApi>("@durabledict/memcache", ["MemcacheVersionCounter"]),
);

const projectId = "durabledict-bench";
const cap = { keys: 1_000, why: "1,000 keys at most: the emulator does a few hundred writes per second" };

/** A Datastore client on the emulator (the client finds it through `DATASTORE_EMULATOR_HOST`). */
function client(servers: Servers): Datastore {
  if (servers.datastore === undefined) throw new Error("the datastore emulator is not running");
  process.env.DATASTORE_EMULATOR_HOST = `127.0.0.1:${servers.datastore}`;
  return new Datastore({ projectId });
}

/** A kit factory for Datastore, with the version in Datastore itself or (`withMemcache`) in memcache. */
function datastoreKit(withMemcache: boolean): KitFactory {
  const adapter = withMemcache ? "datastore+memcache" : "datastore";
  return {
    adapter,
    needs: withMemcache ? ["datastore", "memcached"] : ["datastore"],
    shared: true,
    targets: { strictRead: 0.9, write: 0.8 },
    sizeCap: cap,
    async unavailable() {
      const loaded = await loadDatastore();
      if ("why" in loaded) return loaded.why;
      if (!withMemcache) return undefined;
      const counter = await loadMemcache();
      return "why" in counter ? counter.why : undefined;
    },
    async create(servers, namespace) {
      const loaded = await loadDatastore();
      if ("why" in loaded) throw new Error(loaded.why);
      const { openDatastoreDict, DatastoreStore } = loaded.module;
      const counterApi = withMemcache ? await loadMemcache() : undefined;
      if (counterApi && "why" in counterApi) throw new Error(counterApi.why);
      const kind = namespace.replaceAll(/[^A-Za-z0-9_]/g, "_");
      const memcaches: memjs.Client[] = [];
      const memcache = () => {
        const made = memjs.Client.create(`127.0.0.1:${servers.memcached}`, { logger: { log() {} } });
        memcaches.push(made);
        return made;
      };
      const settings = (): DatastoreSettings => {
        if (!counterApi) return { kind };
        return {
          kind,
          versionCounter: new counterApi.module.MemcacheVersionCounter(memcache(), { prefix: kind }),
        };
      };
      const clients: Datastore[] = [];
      const datastore = () => {
        const made = client(servers);
        clients.push(made);
        return made;
      };
      const admin = datastore();
      const probe = admin.key([`${kind}_raw`, "probe"]);
      await admin.save({ key: probe, data: { value: "{}" }, excludeFromIndexes: ["value"] });
      const stores: DurableStore[] = [];
      const memcacheAdmin = counterApi ? memcache() : undefined;
      return {
        adapter,
        namespace,
        watches: false,
        openDict: (options) => openDatastoreDict(datastore(), { ...settings(), ...options }),
        async openStore() {
          const store = new DatastoreStore(datastore(), settings());
          stores.push(store);
          return store;
        },
        rawRead: memcacheAdmin
          ? { name: "memjs get", run: () => memcacheAdmin.get(`${kind}last_updated`) }
          : { name: "datastore get (one entity)", run: () => admin.get(probe) },
        rawWrite: {
          name: "datastore save (one entity)",
          run: (key, payload) =>
            admin.save({
              key: admin.key([`${kind}_raw`, key]),
              data: { value: payload },
              excludeFromIndexes: ["value"],
            }),
        },
        async drop() {
          for (const name of [kind, `${kind}_raw`]) {
            const [entities] = await admin.createQuery(name).select("__key__").run();
            const keys = entities.map((entity) => entity[admin.KEY]);
            for (let start = 0; start < keys.length; start += 500)
              await admin.delete(keys.slice(start, start + 500));
          }
        },
        async close() {
          for (const store of stores.splice(0)) await store.close?.();
          for (const made of clients.splice(0)) await made.clients_.get("DatastoreClient")?.close?.();
          for (const memcache of memcaches.splice(0)) memcache.close();
        },
      };
    },
  };
}

/** Datastore with its own version (whatever the adapter keeps in Datastore). */
export const datastoreOnlyKit = datastoreKit(false);
/** Datastore with its version in memcache, as the seed blog post does. */
export const datastoreMemcacheKit = datastoreKit(true);
