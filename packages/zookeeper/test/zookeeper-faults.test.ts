import {
  type DurableDict,
  type DurableDictError,
  StoreUnavailableError,
  type SyncEvent,
} from "@durabledict/core";
import {
  freePort,
  type LocalServer,
  startTcpProxy,
  waitUntil,
  zookeeperServer,
} from "@durabledict/test-servers";
import type { Client } from "node-zookeeper-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openZookeeperDict } from "../src/index.js";
import { expireSession } from "./support/expire-session.js";
import { closeClient, newClient, uniquePath } from "./support/zk-clients.js";

// A server of this file's own, stopped and started again by the tests.
let server: LocalServer;
let hosts: string;
const dicts: DurableDict<unknown>[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  server = zookeeperServer(await freePort());
  await server.process.start();
  hosts = `127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.process.destroy();
});

afterEach(async () => {
  for (const dict of dicts.splice(0)) await dict.close();
  await Promise.all(clients.splice(0).map((client) => closeClient(client, 500)));
});

function client(at = hosts): Client {
  const made = newClient(at, { sessionTimeout: 2000 });
  clients.push(made);
  return made;
}

async function open<V>(root: string, options: Parameters<typeof openZookeeperDict>[2] = {}, at = hosts) {
  const dict = await openZookeeperDict<V>(client(at), root, { syncTimeout: 300, retryDelay: 20, ...options });
  dicts.push(dict as DurableDict<unknown>);
  return dict;
}

const succeeds = (write: Promise<unknown>) =>
  write.then(
    () => true,
    () => false,
  );

describe("ZooKeeper going away", () => {
  it("server stopped and restarted mid-run: reads serve the last copy and emit error, writes fail fast, then it recovers", async () => {
    const root = uniquePath("restart");
    // A session that outlives the restart; should the driver hang on a connection the starting server never
    // answers, the store renews the session once it timed out.
    const dict = await open<string>(root, { renewSession: () => newClient(hosts, { sessionTimeout: 2000 }) });
    await dict.set("k", "before");
    const errors: DurableDictError[] = [];
    dict.on("error", (error) => errors.push(error));

    await server.process.stop();
    try {
      await waitUntil("an error event", async () => (await dict.get("k")) === "before" && errors.length > 0);
      const started = Date.now();
      const failed = await dict.set("k", "during").catch((caught: unknown) => caught);
      expect(failed).toBeInstanceOf(StoreUnavailableError);
      expect(String((failed as StoreUnavailableError).cause)).toContain("not connected");
      expect(Date.now() - started).toBeLessThan(1000);
      expect(dict.snapshot().get("k")).toBe("before");
    } finally {
      await server.process.start();
    }

    await waitUntil("writes to succeed again", () => succeeds(dict.set("j", "after restart")));
    const other = await open<string>(root);
    expect(await other.get("j")).toBe("after restart");
    await other.set("k", "from another client");
    await waitUntil(
      "the watch to bring the other client's write",
      () => dict.snapshot().get("k") === "from another client",
    );
  });

  it("a reconnect within the session re-checks the watches: a write made while cut off arrives without a read", async () => {
    const proxy = await startTcpProxy(server.port);
    try {
      const root = uniquePath("reconnect");
      const watched = await open<string>(root, {}, `127.0.0.1:${proxy.port}`);
      await watched.set("k", "before");
      const writer = await open<string>(root);
      const session = clients[0]!.getSessionId().toString("hex");
      proxy.cut();
      await writer.set("k", "while cut off");
      await writer.set("created", "while cut off");
      proxy.restore();
      await waitUntil("the missed writes", () => watched.snapshot().get("created") === "while cut off");
      expect(watched.snapshot().get("k")).toBe("while cut off");
      expect(clients[0]!.getSessionId().toString("hex")).toBe(session);
    } finally {
      await proxy.close();
    }
  });
});

describe("an expired session", () => {
  it("is replaced through renewSession: every watch is registered again and the dict re-syncs fully", async () => {
    const proxy = await startTcpProxy(server.port);
    try {
      const root = uniquePath("expiry");
      const first = client(`127.0.0.1:${proxy.port}`);
      const renewed: Client[] = [];
      const dict = await openZookeeperDict<number>(first, root, {
        renewSession: () => {
          const made = newClient(hosts);
          renewed.push(made);
          return made;
        },
      });
      dicts.push(dict as DurableDict<unknown>);
      await dict.set("before", 1);
      const other = await open<number>(root);
      const syncs: SyncEvent[] = [];
      dict.on("sync", (event) => syncs.push(event));

      await expireSession(first, proxy, hosts);
      await other.set("after", 2);
      await waitUntil("the write made after the expiry, through the new session's watches", () => {
        return dict.snapshot().get("after") === 2;
      });
      expect(renewed).toHaveLength(1);
      expect(syncs.some((event) => event.full)).toBe(true);
      await dict.set("mine", 3);
      expect(await other.get("mine")).toBe(3);
      await other.set("later", 4);
      await waitUntil("a later write, by watch alone", () => dict.snapshot().get("later") === 4);
    } finally {
      await proxy.close();
    }
  });

  it("without renewSession, the dict serves its last copy and writes reject with StoreUnavailableError", async () => {
    const proxy = await startTcpProxy(server.port);
    try {
      const root = uniquePath("expired");
      const first = client(`127.0.0.1:${proxy.port}`);
      const dict = await openZookeeperDict<number>(first, root, { syncTimeout: 300, retryDelay: 20 });
      dicts.push(dict as DurableDict<unknown>);
      await dict.set("kept", 1);
      await expireSession(first, proxy, hosts);
      const failed = await dict.set("k", 2).catch((caught: unknown) => caught);
      expect(failed).toBeInstanceOf(StoreUnavailableError);
      expect(await dict.get("kept")).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});
