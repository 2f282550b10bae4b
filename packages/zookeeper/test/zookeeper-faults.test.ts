import { type AddressInfo, createServer } from "node:net";
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
  type TcpProxy,
  waitUntil,
  zookeeperServer,
} from "@durabledict/test-servers";
import { type Client, CreateMode, type Stat } from "node-zookeeper-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openZookeeperDict } from "../src/index.js";
import { expireSession } from "./support/expire-session.js";
import { closeClient, newClient, rawGet, uniquePath, zk } from "./support/zk-clients.js";

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

describe("a silent partition (a link that stops forwarding without closing)", () => {
  /**
   * Writes as another process would, in place (as the Python original does): nothing in this process hears
   * of it but the watch.
   */
  function rawWriter(root: string): (key: string, value: string) => Promise<void> {
    const writer = client();
    return async (key, value) => {
      await zk<[Stat]>((done) => writer.setData(`${root}/${key}`, Buffer.from(JSON.stringify(value)), done));
    };
  }

  /** Resolves once the server ended the session of `owner`: the ephemeral node it made is gone. */
  async function sessionEnded(owner: Client, root: string): Promise<() => Promise<boolean>> {
    const marker = `${root}-session`;
    await zk<[string]>((done) => owner.create(marker, CreateMode.EPHEMERAL, done));
    const observer = client();
    return async () => (await zk<[Stat | null]>((done) => observer.exists(marker, done)))[0] === null;
  }

  /**
   * A watching dict through a proxy (heartbeat every 200 ms, reads wait 300 ms), holding k = "before", with a
   * writer past the proxy and the dict's errors; `run` gets them and the proxy, which is closed after it.
   */
  async function throughProxy(
    label: string,
    run: (partition: {
      proxy: TcpProxy;
      root: string;
      through: Client;
      dict: DurableDict<string>;
      write: (key: string, value: string) => Promise<void>;
      errors: DurableDictError[];
    }) => Promise<void>,
  ): Promise<void> {
    const proxy = await startTcpProxy(server.port);
    try {
      const root = uniquePath(label);
      const through = client(`127.0.0.1:${proxy.port}`);
      const dict = await openZookeeperDict<string>(through, root, {
        heartbeatInterval: 200,
        syncTimeout: 300,
      });
      dicts.push(dict as DurableDict<unknown>);
      await dict.set("k", "before");
      const errors: DurableDictError[] = [];
      dict.on("error", (error) => errors.push(error));
      await run({ proxy, through, dict, root, write: rawWriter(root), errors });
    } finally {
      proxy.restore();
      await proxy.close();
    }
  }

  it("a watching dict stops vouching for its copy: reads check and report error, and it recovers on the same session", async () => {
    await throughProxy("stall", async ({ proxy, through, dict, write, errors }) => {
      const session = through.getSessionId().toString("hex");
      proxy.stall();
      const stalledAt = Date.now();
      await write("k", "during");
      await waitUntil("a read to report the dead link", async () => {
        expect(await dict.get("k")).toBe("before");
        return errors.length > 0;
      });
      // Three heartbeat intervals, then the read's own deadline (syncTimeout); the rest is slack for a busy machine.
      expect(Date.now() - stalledAt).toBeLessThan(3 * 200 + 300 + 3000);
      expect(dict.status).toBe("stale");
      proxy.restore();
      await waitUntil("the partition's write, by watch", () => dict.snapshot().get("k") === "during");
      await waitUntil("the dict to be live again", () => dict.status === "live");
      expect(through.getSessionId().toString("hex")).toBe(session);
    });
  });

  it("past the session timeout the session is renewed by default, without renewSession, and the dict catches up", async () => {
    await throughProxy("stall-expiry", async ({ proxy, root, through, dict, write, errors }) => {
      const ended = await sessionEnded(through, root);
      proxy.stall();
      await write("k", "during");
      await waitUntil("a read to report the dead link", async () => {
        await dict.get("k");
        return errors.length > 0;
      });
      await waitUntil("the server to expire the session", ended);
      proxy.restore();
      await waitUntil("the write made during the partition", async () => (await dict.get("k")) === "during");
      await write("k", "after");
      await waitUntil("a later write, by watch alone", () => dict.snapshot().get("k") === "after");
      await dict.set("mine", "renewed");
      expect(await rawGet(client(), `${root}/mine`)).toBe('"renewed"');
    });
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
      // A dict over the same servers and path (the same scope) reads the renewed dict's write at once; one
      // over another connection string (`other`, past the proxy) hears of it by watch.
      const sibling = await open<number>(root, {}, `127.0.0.1:${proxy.port}`);
      await dict.set("mine", 3);
      expect(await sibling.get("mine")).toBe(3);
      await waitUntil("the other client's dict to hear of it", () => other.snapshot().get("mine") === 3);
      await other.set("later", 4);
      await waitUntil("a later write, by watch alone", () => dict.snapshot().get("later") === 4);
    } finally {
      await proxy.close();
    }
  });

  it("without renewSession, is replaced by a client made like the given one, and the dict re-syncs fully", async () => {
    const proxy = await startTcpProxy(server.port);
    try {
      const root = uniquePath("expiry-default");
      const first = client(`127.0.0.1:${proxy.port}`);
      const dict = await openZookeeperDict<number>(first, root);
      dicts.push(dict as DurableDict<unknown>);
      await dict.set("before", 1);
      const syncs: SyncEvent[] = [];
      dict.on("sync", (event) => syncs.push(event));
      const foreign = client();

      await expireSession(first, proxy, hosts);
      await zk<[string]>((done) => foreign.create(`${root}/after`, Buffer.from("2"), done));
      await waitUntil("the write made after the expiry, through the new session's watches", () => {
        return dict.snapshot().get("after") === 2;
      });
      expect(syncs.some((event) => event.full)).toBe(true);
      await zk<[Stat]>((done) => foreign.setData(`${root}/after`, Buffer.from("3"), done));
      await waitUntil("a later write, by watch alone", () => dict.snapshot().get("after") === 3);
    } finally {
      await proxy.close();
    }
  });

  it("closed while its new session's client cannot connect, the store stops that client trying again", async () => {
    const proxy = await startTcpProxy(server.port);
    // A port that takes every connection and drops it at once: a server that is down.
    let attempts = 0;
    const down = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    try {
      const first = client(`127.0.0.1:${proxy.port}`);
      const unreachable = `127.0.0.1:${(down.address() as AddressInfo).port}`;
      const dict = await openZookeeperDict<number>(first, uniquePath("renewal-down"), {
        renewSession: () => newClient(unreachable, { spinDelay: 20 }),
      });
      dicts.push(dict as DurableDict<unknown>);
      await dict.set("k", 1);
      await expireSession(first, proxy, hosts);
      await waitUntil("the new session's client to try its server", () => attempts >= 2);
      await dict.close();
      const after = attempts;
      // Trying every 20 ms or less, a client still retrying would make about ten attempts in this window.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(attempts - after).toBeLessThanOrEqual(1);
    } finally {
      await proxy.close();
      await new Promise((resolve) => down.close(resolve));
    }
  });

  it("with renewSession: false, the dict serves its last copy and writes reject with StoreUnavailableError", async () => {
    const proxy = await startTcpProxy(server.port);
    try {
      const root = uniquePath("expired");
      const first = client(`127.0.0.1:${proxy.port}`);
      const dict = await openZookeeperDict<number>(first, root, {
        renewSession: false,
        syncTimeout: 300,
        retryDelay: 20,
      });
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
