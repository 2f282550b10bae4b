import { randomUUID } from "node:crypto";
import { type Client, createClient, type Option, type Stat } from "node-zookeeper-client";

/** Client options for tests: quick reconnects, a session that outlives a short outage. */
export const testClientOptions: Partial<Option> = { sessionTimeout: 10_000, spinDelay: 50 };

/** A new client on `hosts`, `connect()` called (the adapter waits for the first connection itself). */
export function newClient(hosts: string, options: Partial<Option> & Record<string, unknown> = {}): Client {
  const client = createClient(hosts, { ...testClientOptions, ...options });
  client.connect();
  return client;
}

/** Resolves once `client` is connected. */
export function connected(client: Client): Promise<void> {
  if (client.getState().name === "SYNC_CONNECTED") return Promise.resolve();
  return new Promise((resolve) => client.once("connected", resolve));
}

/**
 * Closes `client` once it connected (or after `wait` ms): the driver throws when closed before its socket
 * exists.
 */
export async function closeClient(client: Client, wait = 2000): Promise<void> {
  await Promise.race([connected(client), new Promise((resolve) => setTimeout(resolve, wait))]);
  client.close();
}

/** A unique root path for one test. */
export function uniquePath(label: string): string {
  return `/durabledict-test/${label}-${randomUUID().slice(0, 8)}`;
}

/** Promise form of the driver's callbacks, for raw access past the adapter. */
export function zk<A extends unknown[]>(start: (done: (error: unknown, ...results: A) => void) => void) {
  return new Promise<A>((resolve, reject) => {
    start((error, ...results) => (error ? reject(error) : resolve(results)));
  });
}

/** The data under `path` as UTF-8, or `undefined` when the node is missing. */
export async function rawGet(client: Client, path: string): Promise<string | undefined> {
  try {
    const [data] = await zk<[Buffer | undefined, Stat]>((done) => client.getData(path, done));
    return data?.toString("utf8") ?? "";
  } catch {
    return undefined;
  }
}

/** Deletes `path` and everything below it. */
export async function removeTree(client: Client, path: string): Promise<void> {
  const remover = client as Client & { removeRecursive(path: string, done: (error: unknown) => void): void };
  await zk<[]>((done) => remover.removeRecursive(path, done)).catch(() => {});
}

/**
 * Recreates `root` with the same children and data in one multi, as a restore from a backup would: the data
 * stays, every counter of the root starts over.
 */
export async function recreateRoot(client: Client, root: string): Promise<void> {
  const [children] = await zk<[string[], Stat]>((done) => client.getChildren(root, done));
  const data = await Promise.all(children.map((child) => rawGet(client, `${root}/${child}`)));
  const transaction = client.transaction();
  for (const child of children) transaction.remove(`${root}/${child}`);
  transaction.remove(root).create(root);
  for (const [i, child] of children.entries()) {
    transaction.create(`${root}/${child}`, Buffer.from(data[i] ?? "", "utf8"));
  }
  await zk<[unknown]>((done) => transaction.commit(done));
}
