import type pg from "pg";
import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";
import { importAdapter } from "./import-adapter.js";
import type { StoreScheme } from "./store-scheme.js";
import { badUrl, urlOptions } from "./url-options.js";

const example = "postgres://user:password@127.0.0.1:5432/app?table=settings";

/** The parts of a `postgres://[user:password@]host:port/database?table=<table>[&schema=…][&sslmode=…]` URL. */
export interface PostgresUrl {
  /** The connection string as `pg` takes it, without the parameters meant for the dict. */
  connection: string;
  /** Where the server is, for messages (never the password). */
  address: string;
  table: string;
  schema?: string;
}

/** Parses a `postgres://` or `postgresql://` URL; `table` is required, `sslmode` is passed on to `pg`. */
export function parsePostgresUrl(url: string): PostgresUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl("postgres", "not a URL", example);
  }
  const { table, schema, sslmode } = urlOptions(parsed.search, ["table", "schema", "sslmode"], "postgres");
  if (!table) throw badUrl("postgres", "?table=<name> is required", example);
  if (!parsed.hostname) throw badUrl("postgres", "no host", example);
  parsed.search = sslmode === undefined ? "" : `?sslmode=${encodeURIComponent(sslmode)}`;
  return {
    connection: parsed.href,
    address: parsed.host,
    table,
    ...(schema === undefined ? {} : { schema }),
  };
}

/** PostgreSQL through `@durabledict/postgres` and `pg`. */
export const postgresScheme: StoreScheme = {
  name: "postgres",
  packages: ["@durabledict/postgres", "pg"],
  example,
  async open(url, { live }) {
    const { connection, address, table, schema } = parsePostgresUrl(url);
    const [{ openPostgresDict }, { default: driver }] = await importAdapter(postgresScheme, () =>
      Promise.all([import("@durabledict/postgres"), import("pg")]),
    );
    const pool: pg.Pool = new driver.Pool({
      connectionString: connection,
      max: 2,
      connectionTimeoutMillis: 5000,
    });
    // The dict reports store trouble itself; an idle connection's error would otherwise stop the process.
    pool.on("error", () => {});
    try {
      (await pool.connect()).release();
    } catch (cause) {
      await pool.end();
      throw new CliError(
        `cannot reach PostgreSQL at ${address}: ${(cause as Error).message}`,
        ExitCode.unavailable,
        {
          cause,
        },
      );
    }
    try {
      const dict = await openPostgresDict(pool, { table, schema, watch: live });
      return {
        dict,
        async close() {
          await dict.close();
          await pool.end();
        },
      };
    } catch (error) {
      await pool.end();
      throw error;
    }
  },
};
