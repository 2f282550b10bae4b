import { randomUUID } from "node:crypto";
import { serverAddress, startTcpProxy } from "@durabledict/test-servers";
import type { ConformanceTarget } from "@durabledict/test-suite";
import pg from "pg";
import { PostgresStore, type PostgresStoreOptions } from "../../src/index.js";

/** A pool on the test server (through `port` when given, a proxy's), its errors expected and swallowed. */
export function testPool(port?: number, config: pg.PoolConfig = {}): pg.Pool {
  const url = new URL(serverAddress("postgres"));
  if (port !== undefined) url.port = String(port);
  const pool = new pg.Pool({ connectionString: url.href, max: 4, ...config });
  pool.on("error", () => {}); // Outage and restart tests break connections on purpose.
  return pool;
}

/** Drops a dict table and everything durabledict kept for it in the `public` schema. */
export async function dropTable(admin: pg.Pool, table: string): Promise<void> {
  await admin.query(`DROP TABLE IF EXISTS "${table.replaceAll('"', '""')}"`);
  await admin.query("DELETE FROM durabledict_versions WHERE table_name = $1", [table]).catch(() => {});
  await admin.query("DELETE FROM durabledict_changes WHERE table_name = $1", [table]).catch(() => {});
}

/**
 * A conformance target on the test server: each fixture is a fresh table, each opened store gets its own pool
 * through a TCP proxy (as another process would), and an outage cuts that proxy.
 */
export function postgresTarget(options: Omit<PostgresStoreOptions, "table"> = {}): ConformanceTarget {
  return {
    name: "postgres",
    invalidKeys: ["nul\0inside", "k".repeat(2693), `${"é".repeat(1346)}x`],
    async setup() {
      const table = `conformance_${randomUUID().replaceAll("-", "")}`;
      const admin = testPool();
      const proxy = await startTcpProxy(Number(new URL(serverAddress("postgres")).port));
      const pools: pg.Pool[] = [];
      return {
        openStore: async () => {
          const pool = testPool(proxy.port);
          pools.push(pool);
          return PostgresStore.open(pool, { ...options, table });
        },
        rawGet: async (key) => {
          const { rows } = await admin.query(`SELECT value FROM "${table}" WHERE key = $1`, [key]);
          return rows[0]?.value ?? undefined;
        },
        resetVersion: async () => {
          await admin.query("DELETE FROM durabledict_versions WHERE table_name = $1", [table]);
        },
        outage: { begin: async () => proxy.cut(), end: async () => proxy.restore() },
        teardown: async () => {
          await Promise.all(pools.map((pool) => pool.end()));
          await proxy.close();
          await dropTable(admin, table);
          await admin.end();
        },
      };
    },
  };
}
