import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import pg from "pg";
import type { Servers } from "../servers.js";
import type { KitFactory } from "./kit.js";
import { loadAdapter, memoize } from "./load-adapter.js";
import { postgresRaw } from "./postgres-raw.js";

interface PostgresSettings {
  table: string;
  watch?: boolean;
}

/** The PostgreSQL adapter as its README gives it; `watch` is a store option there. */
interface PostgresApi {
  openPostgresDict<V>(pool: pg.Pool, options: DurableDictOptions & PostgresSettings): Promise<DurableDict<V>>;
  PostgresStore: { open(pool: pg.Pool, options: PostgresSettings): Promise<DurableStore> };
}

const load = memoize(() =>
  loadAdapter<PostgresApi>("@durabledict/postgres", ["openPostgresDict", "PostgresStore"]),
);

/** A pool on the bench's server; the watch takes one connection of its own, so a pool holds a few. */
function poolOn(servers: Servers): pg.Pool {
  if (servers.postgres === undefined) throw new Error("postgres is not running");
  return new pg.Pool({
    connectionString: `postgres://postgres@127.0.0.1:${servers.postgres}/postgres`,
    max: 4,
  });
}

/**
 * PostgreSQL: every dict gets its own `pg.Pool`, as every process has one; the watch is `LISTEN`/`NOTIFY`.
 * The raw operations run through another pool on the same server, on tables beside the dict's.
 */
export const postgresKit: KitFactory = {
  adapter: "postgres",
  needs: ["postgres"],
  shared: true,
  targets: { strictRead: 0.9, write: 0.8, floor: 0.9 },
  async unavailable() {
    const loaded = await load();
    return "why" in loaded ? loaded.why : undefined;
  },
  async create(servers, namespace) {
    const loaded = await load();
    if ("why" in loaded) throw new Error(loaded.why);
    const { openPostgresDict, PostgresStore } = loaded.module;
    const table = namespace.replaceAll(/[^A-Za-z0-9_]/g, "_").toLowerCase();
    const pools: pg.Pool[] = [];
    const pool = () => {
      const made = poolOn(servers);
      pools.push(made);
      return made;
    };
    const admin = pool();
    const raw = await postgresRaw(admin, table);
    const stores: DurableStore[] = [];
    return {
      adapter: "postgres",
      namespace,
      watches: true,
      openDict: (options) => openPostgresDict(pool(), { table, ...options }),
      async openStore() {
        const store = await PostgresStore.open(pool(), { table, watch: false });
        stores.push(store);
        return store;
      },
      rawRead: raw.read,
      rawWrite: raw.write,
      floorWrite: raw.floor,
      notifyingFloorWrite: raw.notifyingFloor,
      async drop() {
        await raw.drop();
        await admin.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
      },
      async close() {
        for (const store of stores.splice(0)) await store.close?.();
        await Promise.all(pools.splice(0).map((made) => made.end()));
      },
    };
  },
};
