import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { redisKeys } from "../../src/index.js";
import { redisPort } from "./redis-target.js";

/** A fresh keyspace on the shared test server, with clients that are all closed (and the keys dropped) by `cleanup`. */
export interface ScratchKeyspace {
  keyspace: string;
  /** The counter key, `<keyspace>last_updated`. */
  counter: string;
  /** A client that reads and writes past the adapter, as the Python durabledict would. */
  admin: Redis;
  /** A new client, as another process would have. */
  client(): Redis;
  cleanup(): Promise<void>;
}

export function scratchKeyspace(): ScratchKeyspace {
  const keyspace = `test-${randomUUID()}`;
  const keys = redisKeys(keyspace);
  const clients: Redis[] = [];
  const client = () => {
    const made = new Redis(redisPort(), "127.0.0.1");
    clients.push(made);
    return made;
  };
  const admin = client();
  return {
    keyspace,
    counter: keys.counter,
    admin,
    client,
    async cleanup() {
      await admin.del(keys.hash, keys.counter, keys.log, keys.logged, keys.floor);
      for (const made of clients) made.disconnect();
    },
  };
}
