import { serverAddress, startTcpProxy } from "@durabledict/test-servers";
import { runConformance } from "@durabledict/test-suite";
import type { Client } from "node-zookeeper-client";
import { describe, expect, it } from "vitest";
import { ZookeeperStore } from "../src/index.js";
import { newClient, rawGet, recreateRoot, removeTree, uniquePath } from "./support/zk-clients.js";

runConformance(
  { describe, it, expect },
  {
    name: "zookeeper",
    invalidKeys: ["", ".", "..", "a/b", "/", "tab\tkey", "nul\u0000", "emoji😀"],
    async setup() {
      const port = Number(serverAddress("zookeeper").split(":")[1]);
      const proxy = await startTcpProxy(port);
      const path = uniquePath("conformance");
      const direct = newClient(`127.0.0.1:${port}`);
      const clients: Client[] = [direct];
      return {
        openStore: async () => {
          const client = newClient(`127.0.0.1:${proxy.port}`);
          clients.push(client);
          const store = new ZookeeperStore(client, path, { requestTimeout: 3000 });
          await store.ensureRoot();
          return store;
        },
        rawGet: (key) => rawGet(direct, `${path}/${key}`),
        resetVersion: () => recreateRoot(direct, path),
        outage: { begin: async () => proxy.cut(), end: async () => proxy.restore() },
        teardown: async () => {
          await removeTree(direct, path);
          for (const client of clients) client.close();
          await proxy.close();
        },
      };
    },
  },
);
