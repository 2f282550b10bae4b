import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableDict, StoreUnavailableError } from "@durabledict/core";
import { serverAddress, startTcpProxy, type TcpProxy, waitUntil } from "@durabledict/test-servers";
import type { Client, Stat } from "node-zookeeper-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openZookeeperDict } from "../src/index.js";
import { closeClient, newClient, uniquePath, zk } from "./support/zk-clients.js";

describe("a ZooKeeper dict with a backup file", () => {
  let folder: string;
  let proxy: TcpProxy;
  const dicts: DurableDict<number>[] = [];
  const clients: Client[] = [];
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), "zookeeper-backup-"));
    proxy = await startTcpProxy(Number(serverAddress("zookeeper").split(":")[1]));
  });
  afterEach(async () => {
    for (const dict of dicts.splice(0)) await dict.close();
    proxy.restore();
    await Promise.all(clients.splice(0).map((client) => closeClient(client, 500)));
    await proxy.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const client = (hosts = `127.0.0.1:${proxy.port}`) => {
    const made = newClient(hosts);
    clients.push(made);
    return made;
  };

  it("opens from the file while ZooKeeper cannot be reached, serves it as stale, and goes live by itself", async () => {
    const root = uniquePath("backup");
    const backupFile = join(folder, "settings.json");
    const options = { backupFile, requestTimeout: 300, syncTimeout: 300, retryDelay: 20 };
    const first = await openZookeeperDict<number>(client(), root, options);
    await first.update({ checkout: 1, search: 2 });
    await first.close();

    proxy.cut();
    const dict = await openZookeeperDict<number>(client(), root, options);
    dicts.push(dict);
    expect(dict.status).toBe("stale");
    expect(await dict.get("checkout")).toBe(1);
    expect(dict.snapshot().get("search")).toBe(2);
    await expect(dict.set("checkout", 5)).rejects.toBeInstanceOf(StoreUnavailableError);

    const direct = client(serverAddress("zookeeper"));
    await zk<[Stat]>((done) => direct.setData(`${root}/checkout`, Buffer.from("10"), done));
    proxy.restore();
    await waitUntil("the dict to go live", () => dict.status === "live");
    await waitUntil("ZooKeeper's value", async () => (await dict.get("checkout")) === 10);
    await dict.set("search", 20);
    expect(await dict.get("search")).toBe(20);
  });
});
