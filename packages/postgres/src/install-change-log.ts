import { createHash } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { installSql } from "./change-log-sql.js";
import { withPoolClient } from "./pool-call.js";
import { type PostgresNames, quoteIdentifier, quoteLiteral } from "./postgres-names.js";
import { type ColumnLimits, readColumnLimits } from "./table-columns.js";

/** The first half of the advisory lock that serializes installs in one schema (the second is the schema's hash). */
const installLockClass = 0x64646963;

/** What opening a table found. */
export interface InstalledTable extends ColumnLimits {
  /** The server as it sees itself, the database, and the table: the store's `scope`. */
  scope: string;
}

/**
 * Makes sure the table exists (created as `key text PRIMARY KEY, value text` when missing) and carries the
 * current triggers, and reads what its columns can hold. The triggers are recognised by a digest of their
 * DDL in a comment, so an open that finds them current changes nothing; otherwise they are installed in one
 * transaction under an advisory lock, so processes opening the table at once install them one after another.
 */
export function installChangeLog(pool: Pool, names: PostgresNames, timeout: number): Promise<InstalledTable> {
  const ddl = installSql(names);
  const mark = `durabledict ${createHash("sha256").update(ddl).digest("hex").slice(0, 32)}`;
  const current = async (client: PoolClient) => {
    const { rows } = await client.query<{ comment: string | null }>({
      text: `SELECT obj_description(oid, 'pg_trigger') AS comment FROM pg_trigger
WHERE tgrelid = to_regclass($1) AND tgname = 'durabledict_log'`,
      values: [names.qualifiedTable],
    });
    return rows[0]?.comment === mark;
  };
  return withPoolClient(pool, "open", timeout, async (client) => {
    const scope = await serverScope(client, names);
    if (await current(client)) return { ...(await readColumnLimits(client, names)), scope };
    await client.query("BEGIN");
    try {
      await client.query({
        text: "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        values: [installLockClass, names.schema],
      });
      const [key, value] = [quoteIdentifier(names.keyColumn), quoteIdentifier(names.valueColumn)];
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${names.qualifiedTable} (${key} text PRIMARY KEY, ${value} text)`,
      );
      const limits = await readColumnLimits(client, names);
      if (!(await current(client))) {
        await client.query(
          `${ddl}COMMENT ON TRIGGER durabledict_log ON ${names.qualifiedTable} IS ${quoteLiteral(mark)};`,
        );
      }
      await client.query("COMMIT");
      return { ...limits, scope };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
}

async function serverScope(client: PoolClient, names: PostgresNames): Promise<string> {
  const { rows } = await client.query<{ address: string | null; port: string; database: string }>(
    "SELECT host(inet_server_addr()) AS address, current_setting('port') AS port, current_database() AS database",
  );
  const { address, port, database } = rows[0]!;
  // A Unix socket has no address: it reaches this host's server on that port.
  return `postgres://${address ?? "local"}:${port}/${database}/${names.qualifiedTable}`;
}
