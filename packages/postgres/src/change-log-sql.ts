import { type PostgresNames, quoteIdentifier, quoteLiteral } from "./postgres-names.js";

/**
 * Versions of the change log a reader may be behind by and still sync incrementally: entries older than this
 * many versions are pruned (every {@link pruneEvery} versions), and a reader further behind reloads everything.
 */
export const changeLogVersions = 10_000;

/** The tables durabledict keeps in the dict table's schema, shared by every dict table of that schema. */
export function metaTables(schema: string) {
  const qs = quoteIdentifier(schema);
  return {
    versions: `${qs}.durabledict_versions`,
    changes: `${qs}.durabledict_changes`,
    bump: `${qs}.durabledict_bump`,
    prune: `${qs}.durabledict_prune`,
  };
}

/** How many versions apart the change log is pruned: at each counter that is a multiple of this. */
export const pruneEvery = 1024;

/**
 * The DDL that makes the database keep a dict table's version and change log itself, in the same
 * transaction as any write, by any writer. Every statement is idempotent (`IF NOT EXISTS`, `OR REPLACE`,
 * triggers dropped and created), and the whole script runs in one transaction under an advisory lock.
 *
 * - `durabledict_versions`: one row per dict table: a random `epoch` (new whenever the row has to be made
 *   again, so a lost row never repeats a version), a `counter` bumped once per writing transaction, and
 *   `log_from`, the oldest counter the change log can answer from.
 * - `durabledict_changes`: one row per key changed, with the counter of the transaction that changed it.
 * - `durabledict_bump(...)`: bumps the counter (or makes the row, in a new epoch), remembers the version in a
 *   transaction-local setting, and `pg_notify`s it on the table's channel; every {@link pruneEvery} versions it
 *   calls `durabledict_prune(...)`, which drops log entries older than {@link changeLogVersions} versions and
 *   moves `log_from` past them, in one transaction. Row-level locking on the version
 *   row makes the counter strictly increase in commit order under READ COMMITTED; a writer at REPEATABLE
 *   READ or SERIALIZABLE that races another gets a serialization failure to retry, as with any hot row.
 * - Triggers on the table: `durabledict_lock` (before each statement) takes the version row's lock first, so
 *   writers of the table queue on one lock and cannot deadlock on each other's rows; `durabledict_log` (after
 *   each row) bumps once per transaction and records the key; `durabledict_truncate` bumps and tells readers
 *   the log no longer explains what came before. Statements of this adapter do that work themselves in the
 *   statement, and mark the setting `own` so the triggers skip it.
 *
 * The functions are `SECURITY DEFINER` with a fixed `search_path`: a writer that may write the table needs
 * no rights on durabledict's own tables.
 */
export function installSql(names: PostgresNames): string {
  const qs = quoteIdentifier(names.schema);
  const { versions, changes, bump, prune } = metaTables(names.schema);
  const table = quoteLiteral(names.table);
  const setting = quoteLiteral(names.setting);
  const channel = quoteLiteral(names.channel);
  const logFunction = `${qs}.${quoteIdentifier(`durabledict_log_${names.tag}`)}`;
  const key = quoteIdentifier(names.keyColumn);
  const definer = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp";
  return `
CREATE TABLE IF NOT EXISTS ${versions} (
  table_name text COLLATE "C" PRIMARY KEY,
  epoch text NOT NULL,
  counter bigint NOT NULL,
  log_from bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ${changes} (
  table_name text COLLATE "C" NOT NULL,
  counter bigint NOT NULL,
  key text NOT NULL
);
CREATE INDEX IF NOT EXISTS durabledict_changes_by_version ON ${changes} (table_name, counter);

CREATE OR REPLACE FUNCTION ${prune}(tbl text, step bigint) RETURNS void
LANGUAGE plpgsql ${definer} AS $body$
BEGIN
  DELETE FROM ${changes} WHERE table_name = tbl AND counter <= step - ${changeLogVersions};
  IF FOUND THEN
    UPDATE ${versions} SET log_from = greatest(log_from, step - ${changeLogVersions}) WHERE table_name = tbl;
  END IF;
END
$body$;

CREATE OR REPLACE FUNCTION ${bump}(tbl text, setting text, channel text, own boolean) RETURNS text
LANGUAGE plpgsql ${definer} AS $body$
DECLARE
  version text;
  step bigint;
BEGIN
  UPDATE ${versions} AS v SET counter = v.counter + 1 WHERE v.table_name = tbl
    RETURNING v.epoch || ':' || v.counter, v.counter INTO version, step;
  IF NOT FOUND THEN
    -- The first write, or the row was lost: a new epoch, so no version a reader saw comes back.
    -- Writers that find no row race to make it: the others wait for the first, then bump its counter.
    INSERT INTO ${versions} AS v (table_name, epoch, counter) VALUES (tbl, gen_random_uuid()::text, 1)
      ON CONFLICT (table_name) DO UPDATE SET counter = v.counter + 1
      RETURNING v.epoch || ':' || v.counter, v.counter INTO version, step;
    IF step = 1 THEN
      DELETE FROM ${changes} WHERE table_name = tbl;
    END IF;
  ELSIF step % ${pruneEvery} = 0 THEN
    PERFORM ${prune}(tbl, step);
  END IF;
  PERFORM set_config(setting, CASE WHEN own THEN 'own' ELSE step::text END, true);
  PERFORM pg_notify(channel, version);
  RETURN version;
END
$body$;

CREATE OR REPLACE FUNCTION ${qs}.durabledict_lock() RETURNS trigger
LANGUAGE plpgsql ${definer} AS $body$
BEGIN
  PERFORM FROM ${versions} WHERE table_name = TG_ARGV[0] FOR UPDATE;
  RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION ${qs}.durabledict_truncated() RETURNS trigger
LANGUAGE plpgsql ${definer} AS $body$
DECLARE
  step text := current_setting(TG_ARGV[1], true);
BEGIN
  IF step IS NULL OR step = '' THEN
    PERFORM ${bump}(TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], false);
    step := current_setting(TG_ARGV[1]);
  END IF;
  DELETE FROM ${changes} WHERE table_name = TG_ARGV[0];
  UPDATE ${versions} SET log_from = step::bigint WHERE table_name = TG_ARGV[0];
  RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION ${logFunction}() RETURNS trigger
LANGUAGE plpgsql ${definer} AS $body$
DECLARE
  step text := current_setting(${setting}, true);
BEGIN
  IF step IS NULL OR step = '' THEN
    PERFORM ${bump}(${table}, ${setting}, ${channel}, false);
    step := current_setting(${setting});
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.${key} IS NOT NULL THEN
    INSERT INTO ${changes} VALUES (${table}, step::bigint, NEW.${key});
  END IF;
  IF (TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.${key} IS DISTINCT FROM NEW.${key})) AND OLD.${key} IS NOT NULL THEN
    INSERT INTO ${changes} VALUES (${table}, step::bigint, OLD.${key});
  END IF;
  RETURN NULL;
END
$body$;
COMMENT ON FUNCTION ${logFunction}() IS ${quoteLiteral(`durabledict: records changes of ${names.qualifiedTable}`)};

DROP TRIGGER IF EXISTS durabledict_lock ON ${names.qualifiedTable};
CREATE TRIGGER durabledict_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${names.qualifiedTable}
  FOR EACH STATEMENT WHEN (coalesce(current_setting(${setting}, true), '') = '')
  EXECUTE FUNCTION ${qs}.durabledict_lock(${table});
DROP TRIGGER IF EXISTS durabledict_log ON ${names.qualifiedTable};
CREATE TRIGGER durabledict_log AFTER INSERT OR UPDATE OR DELETE ON ${names.qualifiedTable}
  FOR EACH ROW WHEN (coalesce(current_setting(${setting}, true), '') <> 'own')
  EXECUTE FUNCTION ${logFunction}();
DROP TRIGGER IF EXISTS durabledict_truncate ON ${names.qualifiedTable};
CREATE TRIGGER durabledict_truncate AFTER TRUNCATE ON ${names.qualifiedTable}
  FOR EACH STATEMENT EXECUTE FUNCTION ${qs}.durabledict_truncated(${table}, ${setting}, ${channel});
`;
}
