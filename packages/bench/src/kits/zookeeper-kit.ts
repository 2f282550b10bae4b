import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import zookeeper, { type Client } from "node-zookeeper-client";
import type { Servers } from "../servers.js";
import type { KitFactory } from "./kit.js";
import { loadAdapter, memoize } from "./load-adapter.js";

interface ZookeeperApi {
  openZookeeperDict<V>(client: Client, path: string, options: DurableDictOptions): Promise<DurableDict<V>>;
  ZookeeperStore: new (client: Client, path: string) => DurableStore;
}

const load = memoize(() =>
  loadAdapter<ZookeeperApi>("@durabledict/zookeeper", ["openZookeeperDict", "ZookeeperStore"]),
);

/** The znodes the raw writes cycle through: `setData` costs the same whichever node it hits. */
const rawNodes = 100;

/** A connected client. */
async function connect(servers: Servers): Promise<Client> {
  if (servers.zookeeper === undefined) throw new Error("zookeeper is not running");
  const client = zookeeper.createClient(`127.0.0.1:${servers.zookeeper}`, { sessionTimeout: 10_000 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("zookeeper: no connection after 10 s")), 10_000);
    client.once("connected", () => {
      clearTimeout(timer);
      resolve();
    });
    client.connect();
  });
  return client;
}

/** Promisifies one callback-style client call. */
function call<T>(start: (done: (error: unknown, result: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    start((error, result) => (error ? reject(error) : resolve(result))),
  );
}

/**
 * ZooKeeper: one znode per key under `/bench/<namespace>`, every dict with its own client (session). The
 * raw operations are an `exists` of the dict's znode, a `setData` of an existing znode beside the dict, and
 * the floor of a write with a version: one `multi` setting that znode and its parent (the version).
 */
export const zookeeperKit: KitFactory = {
  adapter: "zookeeper",
  needs: ["zookeeper"],
  shared: true,
  targets: { strictRead: 0.9, write: 0.8 },
  warmsUpServer: true,
  sizeCap: { keys: 10_000, why: "10,000 keys at most: a znode per key, loaded one getData at a time" },
  async unavailable() {
    const loaded = await load();
    return "why" in loaded ? loaded.why : undefined;
  },
  async create(servers, namespace) {
    const loaded = await load();
    if ("why" in loaded) throw new Error(loaded.why);
    const { openZookeeperDict, ZookeeperStore } = loaded.module;
    const path = `/bench/${namespace}`;
    const raw = `/bench/${namespace}-raw`;
    const clients: Client[] = [];
    const client = async () => {
      const made = await connect(servers);
      clients.push(made);
      return made;
    };
    const admin = await client();
    await call<string>((done) => admin.mkdirp(raw, done));
    const setup = admin.transaction();
    for (let i = 0; i < rawNodes; i++) setup.create(`${raw}/n${i}`, Buffer.from("{}"));
    // A child process opening the same namespace finds the nodes there already.
    await call((done) => setup.commit(done)).catch(() => undefined);
    let rawWrites = 0;
    const stores: DurableStore[] = [];
    return {
      adapter: "zookeeper",
      namespace,
      watches: true,
      openDict: async (options) => openZookeeperDict(await client(), path, options ?? {}),
      async openStore() {
        const store = new ZookeeperStore(await client(), path);
        stores.push(store);
        return store;
      },
      rawRead: { name: "zookeeper exists", run: () => call((done) => admin.exists(path, done)) },
      rawWrite: {
        name: "zookeeper setData",
        run: (_key, payload) =>
          call((done) => admin.setData(`${raw}/n${rawWrites++ % rawNodes}`, Buffer.from(payload), done)),
      },
      floorWrite: {
        name: "zookeeper multi (setData + setData of the parent)",
        run: (_key, payload) =>
          call((done) =>
            admin
              .transaction()
              .setData(`${raw}/n${rawWrites++ % rawNodes}`, Buffer.from(payload))
              .setData(raw, Buffer.alloc(0))
              .commit(done),
          ),
      },
      async drop() {
        for (const parent of [path, raw]) await removeTree(admin, parent);
      },
      async close() {
        for (const store of stores.splice(0)) await store.close?.();
        for (const made of clients.splice(0)) made.close();
      },
    };
  },
};

/** Deletes `path` and its children (one level: the adapter's layout), in transactions of 500. */
async function removeTree(client: Client, path: string): Promise<void> {
  let children: string[];
  try {
    children = await call<string[]>((done) => client.getChildren(path, done));
  } catch {
    return;
  }
  for (let start = 0; start < children.length; start += 500) {
    const transaction = client.transaction();
    for (const child of children.slice(start, start + 500)) transaction.remove(`${path}/${child}`);
    await call((done) => transaction.commit(done));
  }
  await call((done) => client.remove(path, (error) => done(error, undefined))).catch(() => undefined);
}
