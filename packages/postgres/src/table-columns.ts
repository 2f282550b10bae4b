import type { PoolClient } from "pg";
import type { PostgresNames } from "./postgres-names.js";

/** What the key and value columns can hold, read from the catalog. */
export interface ColumnLimits {
  /** The most characters the key column holds (`varchar(n)`); `undefined` for no limit. */
  keyChars: number | undefined;
  /** The most characters the value column holds (`varchar(n)`); `undefined` for no limit. */
  valueChars: number | undefined;
}

interface ColumnRow {
  relkind: string;
  name: string;
  type: string;
  typmod: number;
  required: boolean;
  unique_key: boolean;
}

/** Column types whose values read back exactly as written: a payload stored in them is the same string. */
const textTypes = new Set(["text", "varchar"]);

/**
 * Reads the table's columns and checks that a dict can live in it: the key column textual and alone in a
 * unique, immediate, non-partial index (what `ON CONFLICT` needs), the value column textual, and no other
 * column that an insert of key and value would leave NULL against a `NOT NULL` without a default.
 * @throws Error naming the table and what is wrong.
 */
export async function readColumnLimits(client: PoolClient, names: PostgresNames): Promise<ColumnLimits> {
  const { rows } = await client.query<ColumnRow>({
    text: `SELECT c.relkind, a.attname AS name, t.typname AS type, a.atttypmod AS typmod,
  a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '' AS required,
  EXISTS (SELECT FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indimmediate
    AND i.indnatts = 1 AND i.indkey[0] = a.attnum AND i.indpred IS NULL AND i.indexprs IS NULL) AS unique_key
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid
WHERE c.oid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    values: [names.qualifiedTable],
  });
  const problem = (what: string) => new Error(`[durabledict:postgres] table ${names.qualifiedTable} ${what}`);
  if (rows.length === 0) throw problem("does not exist");
  if (rows[0]!.relkind !== "r" && rows[0]!.relkind !== "p") throw problem("is not a table");
  const column = (name: string, role: string) => {
    const found = rows.find((row) => row.name === name);
    if (found === undefined) throw problem(`has no ${role} column "${name}"`);
    if (!textTypes.has(found.type))
      throw problem(`has ${role} column "${name}" of type ${found.type}: text or varchar needed`);
    return found;
  };
  const key = column(names.keyColumn, "key");
  const value = column(names.valueColumn, "value");
  if (!key.unique_key) throw problem(`has no unique index on its key column "${names.keyColumn}" alone`);
  const required = rows.find((row) => row.required && row !== key && row !== value);
  if (required)
    throw problem(`has column "${required.name}", NOT NULL without a default: a dict cannot insert rows`);
  return { keyChars: charLimit(key), valueChars: charLimit(value) };
}

/** `varchar(n)` stores its limit plus 4 in `atttypmod`; -1 means no limit. */
function charLimit(column: ColumnRow): number | undefined {
  return column.type === "varchar" && column.typmod >= 4 ? column.typmod - 4 : undefined;
}
