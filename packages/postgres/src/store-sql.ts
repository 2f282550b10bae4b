import { metaTables } from "./change-log-sql.js";
import { type PostgresNames, quoteIdentifier, quoteLiteral } from "./postgres-names.js";

/** The statements a {@link PostgresStore} runs, each one round trip, prepared once per connection. */
export interface StoreSql {
  /** `$1` key, `$2` payload → `version`. */
  persist: string;
  /** `$1` keys, `$2` payloads (arrays of one length) → `version`. */
  persistMany: string;
  /** `$1` key → `version` and `deleted` (a count), or no row when the key was missing. */
  depersist: string;
  /** `$1` key → `version` and `payload`, or no row when the key was missing. */
  pop: string;
  /**
   * `$1` key, `$2` payload → `version` and `created` when it created the key (or filled a row whose value was
   * NULL), else `existing`; neither when a writer created the key meanwhile (ask again).
   */
  setdefault: string;
  /** → `version`, or no row while the table has none. */
  lastUpdated: string;
  /**
   * `$1` epoch, `$2` counter, `$3` most log entries → `version`, then `key` and `payload` per log entry since
   * (a key changed twice comes twice, with its one current payload). In counter order, so that even a generic
   * plan walks the log's index from `$2` rather than scanning the whole log.
   */
  changesSince: string;
  /** `$1` the last key of the previous page (`''` first), `$2` page size → `key`, `payload`. */
  firstPage: string;
  nextPage: string;
}

/**
 * Builds the statements over one table. Each write takes the table's version first (bumping it through
 * `durabledict_bump`, which also notifies and marks the transaction `own` so the table's triggers skip it),
 * then changes the row and records the key in the change log, all in one statement: so the value, the
 * version bump and the log entry are one atomic step, and writers queue on the version row before touching
 * rows, as the triggers make foreign writers do.
 *
 * Writes that change something only when a key exists (or does not) decide so from the statement's snapshot;
 * a writer that raced them may leave a version bump that changed nothing, which costs readers one check.
 */
export function storeSql(names: PostgresNames): StoreSql {
  const { versions, changes, bump } = metaTables(names.schema);
  const data = names.qualifiedTable;
  const key = quoteIdentifier(names.keyColumn);
  const value = quoteIdentifier(names.valueColumn);
  const table = quoteLiteral(names.table);
  const bumped = `${bump}(${table}, ${quoteLiteral(names.setting)}, ${quoteLiteral(names.channel)}, true)`;
  const counter = "split_part(version, ':', 2)::bigint";
  const exists = `EXISTS (SELECT FROM ${data} WHERE ${key} = $1::text AND ${value} IS NOT NULL)`;
  return {
    persist: `WITH m AS (SELECT ${bumped} AS version),
  w AS (INSERT INTO ${data} (${key}, ${value}) VALUES ($1::text, $2::text)
    ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value}),
  l AS (INSERT INTO ${changes} (table_name, counter, key) SELECT ${table}, ${counter}, $1::text FROM m)
SELECT version FROM m`,
    persistMany: `WITH m AS (SELECT ${bumped} AS version),
  w AS (INSERT INTO ${data} (${key}, ${value}) SELECT * FROM unnest($1::text[], $2::text[])
    ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value}),
  l AS (INSERT INTO ${changes} (table_name, counter, key) SELECT ${table}, ${counter}, k FROM m, unnest($1::text[]) AS k)
SELECT version FROM m`,
    depersist: `WITH m AS (SELECT ${bumped} AS version WHERE ${exists}),
  w AS (DELETE FROM ${data} WHERE ${key} = $1::text RETURNING 1),
  l AS (INSERT INTO ${changes} (table_name, counter, key) SELECT ${table}, ${counter}, $1::text FROM m)
SELECT version, (SELECT count(*) FROM w) AS deleted FROM m`,
    pop: `WITH m AS (SELECT ${bumped} AS version WHERE ${exists}),
  w AS (DELETE FROM ${data} WHERE ${key} = $1::text RETURNING ${value} AS payload),
  l AS (INSERT INTO ${changes} (table_name, counter, key) SELECT ${table}, ${counter}, $1::text FROM m)
SELECT version, (SELECT payload FROM w) AS payload FROM m`,
    setdefault: `WITH m AS (SELECT ${bumped} AS version WHERE NOT ${exists}),
  w AS (INSERT INTO ${data} AS d (${key}, ${value}) SELECT $1::text, $2::text FROM m
    ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value} WHERE d.${value} IS NULL
    RETURNING d.${value} AS payload),
  l AS (INSERT INTO ${changes} (table_name, counter, key) SELECT ${table}, ${counter}, $1::text FROM m)
SELECT (SELECT version FROM m) AS version, (SELECT payload FROM w) AS created,
  (SELECT ${value} FROM ${data} WHERE ${key} = $1::text) AS existing`,
    lastUpdated: `SELECT epoch || ':' || counter AS version FROM ${versions} WHERE table_name = ${table}`,
    changesSince: `SELECT v.epoch || ':' || v.counter AS version, c.key, d.${value} AS payload
FROM ${versions} AS v
LEFT JOIN LATERAL (
  SELECT l.key FROM ${changes} AS l WHERE l.table_name = v.table_name AND l.counter > $2::bigint
  ORDER BY l.counter LIMIT $3
) AS c ON true
LEFT JOIN ${data} AS d ON d.${key} = c.key
WHERE v.table_name = ${table} AND v.epoch = $1::text AND v.log_from <= $2::bigint`,
    firstPage: `SELECT ${key} AS key, ${value} AS payload FROM ${data}
WHERE ${key} >= $1::text AND ${value} IS NOT NULL ORDER BY ${key} LIMIT $2`,
    nextPage: `SELECT ${key} AS key, ${value} AS payload FROM ${data}
WHERE ${key} > $1::text AND ${value} IS NOT NULL ORDER BY ${key} LIMIT $2`,
  };
}
