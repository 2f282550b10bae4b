import type pg from "pg";
import type { RawOperation } from "./kit.js";

/** The raw driver's operations on PostgreSQL, on tables of their own named after `name`. */
export interface PostgresRaw {
  read: RawOperation;
  write: RawOperation<[key: string, payload: string]>;
  floor: RawOperation<[key: string, payload: string]>;
  /** The floor and a `pg_notify` of the new counter, in the same statement. */
  notifyingFloor: RawOperation<[key: string, payload: string]>;
  /** Drops the raw tables. */
  drop(): Promise<void>;
}

/**
 * Creates the raw tables in `pool`'s database and returns the operations a PostgreSQL dict is measured
 * against, each one prepared statement through `pool.query` as the adapter's are: a `SELECT` of the dict's
 * version row as the adapter spells it (what a strict read asks; the dict's table must be open), a
 * single-row upsert, the floor of a write with a version (the upsert and a counter bump in one statement,
 * one transaction), and that floor with a `pg_notify` of the new counter on a channel of its own (a `NOTIFY`
 * signals every listening connection of the database, whatever its channel).
 */
export async function postgresRaw(pool: pg.Pool, name: string): Promise<PostgresRaw> {
  const entries = `raw_${name}`;
  const version = `raw_${name}_version`;
  await pool.query(`CREATE TABLE IF NOT EXISTS ${entries} (key text PRIMARY KEY, value text NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS ${version} (id int PRIMARY KEY, counter bigint NOT NULL)`);
  await pool.query(`INSERT INTO ${version} VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
  const upsert = `INSERT INTO ${entries} VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
  return {
    read: {
      name: "pg SELECT of the version row",
      run: () =>
        pool.query({
          name: `read-${name}`,
          text: `SELECT epoch || ':' || counter AS version FROM durabledict_versions WHERE table_name = '${name}'`,
        }),
    },
    write: {
      name: "pg INSERT … ON CONFLICT DO UPDATE",
      run: (key, payload) => pool.query({ name: `write-${name}`, text: upsert, values: [key, payload] }),
    },
    floor: {
      name: "pg upsert + version bump, one statement",
      run: (key, payload) =>
        pool.query({
          name: `floor-${name}`,
          text: `WITH w AS (${upsert} RETURNING 1) UPDATE ${version} SET counter = counter + 1 WHERE id = 1`,
          values: [key, payload],
        }),
    },
    notifyingFloor: {
      name: "pg upsert + version bump + NOTIFY, one statement",
      run: (key, payload) =>
        pool.query({
          name: `notifying-floor-${name}`,
          text: `WITH w AS (${upsert} RETURNING 1),
  v AS (UPDATE ${version} SET counter = counter + 1 WHERE id = 1 RETURNING counter)
SELECT pg_notify('${version}', counter::text) FROM v`,
          values: [key, payload],
        }),
    },
    async drop() {
      await pool.query(`DROP TABLE IF EXISTS ${entries}, ${version}`);
    },
  };
}
