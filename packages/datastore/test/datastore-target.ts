import { MemcacheVersionCounter } from "@durabledict/memcache";
import { startTcpProxy } from "@durabledict/test-servers";
import type { ConformanceTarget } from "@durabledict/test-suite";
import type { Datastore } from "@google-cloud/datastore";
import type memjs from "memjs";
import { DatastoreStore } from "../src/index.js";
import { closeDatastore, emulatorPort, newDatastore, newMemcache, uniqueNamespace } from "./emulator.js";

export const kind = "Setting";
export const ancestorPath = ["DatastoreDictAncestorModel", "ancestor-Setting"];
export const versionPath = [...ancestorPath, "DurableDictVersion", kind];

/**
 * The conformance target: each fixture a fresh namespace, each `openStore` a new Datastore client (another
 * process) through a TCP proxy that the `outage` hook cuts. With `memcache`, every store also gets its own
 * memjs client on one counter prefix, and `resetVersion` deletes that counter (an eviction); without,
 * it deletes the version entity.
 */
export function datastoreTarget(memcache: boolean): ConformanceTarget {
  return {
    name: "datastore",
    invalidKeys: ["", "k".repeat(1501), "__foo__"],
    propagationTimeout: 15_000,
    checkTimeout: 90_000,
    async setup() {
      const namespace = uniqueNamespace();
      const proxy = await startTcpProxy(emulatorPort());
      const direct = newDatastore();
      const clients: Datastore[] = [direct];
      const caches: memjs.Client[] = [];
      const prefix = `${namespace}:`;
      const cache = newMemcache();
      caches.push(cache);
      return {
        openStore: async () => {
          const datastore = newDatastore(proxy.port);
          clients.push(datastore);
          let versionCounter: MemcacheVersionCounter | undefined;
          if (memcache) {
            const client = newMemcache();
            caches.push(client);
            versionCounter = new MemcacheVersionCounter(client, { prefix });
          }
          return new DatastoreStore(datastore, {
            kind,
            namespace,
            versionCounter,
            timeout: 5000,
            entityCheckInterval: 1000,
          });
        },
        rawGet: async (key) => {
          const [entity] = await direct.get(direct.key({ namespace, path: [...ancestorPath, kind, key] }));
          return (entity as { value?: string } | undefined)?.value;
        },
        resetVersion: async () => {
          if (memcache) await cache.delete(`${prefix}last_updated`);
          else await direct.delete(direct.key({ namespace, path: versionPath }));
        },
        outage: { begin: async () => proxy.cut(), end: async () => proxy.restore() },
        teardown: async () => {
          await proxy.close();
          for (const client of clients) await closeDatastore(client);
          for (const client of caches) client.close();
        },
      };
    },
  };
}
