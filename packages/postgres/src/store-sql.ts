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
  /** `$1` a counter: drops the log entries too old to answer from, as each 1,024th version asks. */
  prune: string;
  /**
   * `$1` epoch, `$2` counter, `$3` most log entries → `version`, then `key` and `payload` per log entry since
   * (a key changed twice comes twice, with its one current payload). In counter order, so that even a generic
   * plan walks the log's index from `$2` rather than scanning the whole log; each payload is looked up by its
   * key, so that no plan joins by reading the whole table (a generic plan, guessing thousands of changes,
   * chose a hash join over a full scan: 15 ms for one change in 100,000 keys).
   */
  changesSince: string;
  /** `$1` the last key of the previous page (`''` first), `$2` page size → `key`, `payload`. */
  firstPage: string;
  nextPage: string;
}

/**
 * Builds the statements over one table. Each write takes the table's version first, then changes the row and
 * records the key in the change log, all in one statement: so the value, the version bump and the log entry
 * are one atomic step, and writers queue on the version row before touching rows, as the triggers make
 * foreign writers do. The bump is an `UPDATE` of the version row that also notifies and marks the transaction
 * `own` (so the table's triggers skip it); only when the row is missing (the first write, or the row was lost)
 * does `durabledict_bump` make it, in a new epoch. The log is pruned apart, by {@link StoreSql.prune}.
 *
 * Writes that change something only when a key exists (or does not) decide so from the statement's snapshot;
 * a writer that raced them may leave a version bump that changed nothing, which costs readers one check.
 */
export function storeSql(names: PostgresNames): StoreSql {
  const { versions, changes, bump, prune } = metaTables(names.schema);
  const data = names.qualifiedTable;
  const key = quoteIdentifier(names.keyColumn);
  const value = quoteIdentifier(names.valueColumn);
  const table = quoteLiteral(names.table);
  const [setting, channel] = [quoteLiteral(names.setting), quoteLiteral(names.channel)];
  const exists = `EXISTS (SELECT FROM ${data} WHERE ${key} = $1::text AND ${value} IS NOT NULL)`;
  // `m`: the new version and its counter, when `condition` holds.
  const bumpWhen = (condition: string) => `WITH u AS (UPDATE ${versions} SET counter = counter + 1
    WHERE table_name = ${table} AND ${condition}
    RETURNING epoch || ':' || counter AS version, counter, set_config(${setting}, 'own', true),
      pg_notify(${channel}, epoch || ':' || counter)),
  m AS (SELECT version, counter FROM u UNION ALL
    SELECT version, split_part(version, ':', 2)::bigint FROM (
      SELECT ${bump}(${table}, ${setting}, ${channel}, true) AS version
      WHERE ${condition} AND NOT EXISTS (SELECT FROM ${versions} WHERE table_name = ${table})
    ) AS made)`;
  const logged = (keys = "$1::text", from = "m") =>
    `l AS (INSERT INTO ${changes} (table_name, counter, key) SELECT ${table}, counter, ${keys} FROM ${from})`;
  return {
    persist: `${bumpWhen("true")},
  w AS (INSERT INTO ${data} (${key}, ${value}) VALUES ($1::text, $2::text)
    ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value}),
  ${logged()}
SELECT version FROM m`,
    persistMany: `${bumpWhen("true")},
  w AS (INSERT INTO ${data} (${key}, ${value}) SELECT * FROM unnest($1::text[], $2::text[])
    ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value}),
  ${logged("k", "m, unnest($1::text[]) AS k")}
SELECT version FROM m`,
    depersist: `${bumpWhen(exists)},
  w AS (DELETE FROM ${data} WHERE ${key} = $1::text RETURNING 1),
  ${logged()}
SELECT version, (SELECT count(*) FROM w) AS deleted FROM m`,
    pop: `${bumpWhen(exists)},
  w AS (DELETE FROM ${data} WHERE ${key} = $1::text RETURNING ${value} AS payload),
  ${logged()}
SELECT version, (SELECT payload FROM w) AS payload FROM m`,
    setdefault: `${bumpWhen(`NOT ${exists}`)},
  w AS (INSERT INTO ${data} AS d (${key}, ${value}) SELECT $1::text, $2::text FROM m
    ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value} WHERE d.${value} IS NULL
    RETURNING d.${value} AS payload),
  ${logged()}
SELECT (SELECT version FROM m) AS version, (SELECT payload FROM w) AS created,
  (SELECT ${value} FROM ${data} WHERE ${key} = $1::text) AS existing`,
    prune: `SELECT ${prune}(${table}, $1::bigint)`,
    lastUpdated: `SELECT epoch || ':' || counter AS version FROM ${versions} WHERE table_name = ${table}`,
    changesSince: `SELECT v.epoch || ':' || v.counter AS version, c.key,
  (SELECT d.${value} FROM ${data} AS d WHERE d.${key} = c.key) AS payload
FROM ${versions} AS v
LEFT JOIN LATERAL (
  SELECT l.key FROM ${changes} AS l WHERE l.table_name = v.table_name AND l.counter > $2::bigint
  ORDER BY l.counter LIMIT $3
) AS c ON true
WHERE v.table_name = ${table} AND v.epoch = $1::text AND v.log_from <= $2::bigint`,
    firstPage: `SELECT ${key} AS key, ${value} AS payload FROM ${data}
WHERE ${key} >= $1::text AND ${value} IS NOT NULL ORDER BY ${key} LIMIT $2`,
    nextPage: `SELECT ${key} AS key, ${value} AS payload FROM ${data}
WHERE ${key} > $1::text AND ${value} IS NOT NULL ORDER BY ${key} LIMIT $2`,
  };
}
