import type { Datastore } from "@google-cloud/datastore";
import type memjs from "memjs";
import { afterEach } from "vitest";
import { closeDatastore, newDatastore, newMemcache } from "./emulator.js";

/**
 * Emulator and memcached clients, and dicts, that a test file makes and that are closed after each test
 * (dicts first, then the clients under them).
 */
export function closedAfterEach() {
  const dicts: { close(): Promise<void> }[] = [];
  const clients: Datastore[] = [];
  const caches: memjs.Client[] = [];
  afterEach(async () => {
    for (const dict of dicts.splice(0)) await dict.close();
    for (const made of clients.splice(0)) await closeDatastore(made);
    for (const made of caches.splice(0)) made.close();
  });
  return {
    /** A client on the emulator. */
    datastore(): Datastore {
      const made = newDatastore();
      clients.push(made);
      return made;
    },
    /** A memjs client on the test memcached (or `address`). */
    memcache(address?: string): memjs.Client {
      const made = newMemcache(address);
      caches.push(made);
      return made;
    },
    /** Closes `dict` after the test; returns it. */
    dict<D extends { close(): Promise<void> }>(dict: D): D {
      dicts.push(dict);
      return dict;
    },
  };
}
