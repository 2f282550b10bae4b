import { createHash } from "node:crypto";

/** PostgreSQL keeps identifiers up to 63 bytes and silently truncates longer ones, naming another object. */
const maxIdentifierBytes = 63;

/** What one dict's table is called, and the names of everything durabledict keeps beside it. */
export interface PostgresNames {
  /** The schema, table and columns, as given. */
  readonly schema: string;
  readonly table: string;
  readonly keyColumn: string;
  readonly valueColumn: string;
  /** `"schema"."table"`, quoted. */
  readonly qualifiedTable: string;
  /** A short digest of schema and table, naming this table's trigger function, setting and channel. */
  readonly tag: string;
  /** The `NOTIFY` channel every change of the table is announced on, its payload the new version. */
  readonly channel: string;
  /** The transaction-local setting that records this transaction's version of the table. */
  readonly setting: string;
}

/**
 * Checks and names a dict's table. Names are quoted wherever they appear in SQL, never interpolated raw,
 * so any name PostgreSQL can hold works.
 * @throws Error for a name that is empty, holds a NUL character, or is longer than 63 bytes.
 */
export function postgresNames(
  schema: string,
  table: string,
  keyColumn: string,
  valueColumn: string,
): PostgresNames {
  for (const [what, name] of Object.entries({ schema, table, keyColumn, valueColumn })) checkName(what, name);
  const tag = createHash("sha256").update(`${schema}.${table}`).digest("hex").slice(0, 16);
  return {
    schema,
    table,
    keyColumn,
    valueColumn,
    qualifiedTable: `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
    tag,
    channel: `durabledict_${tag}`,
    setting: `durabledict.v_${tag}`,
  };
}

function checkName(what: string, name: unknown): void {
  if (typeof name !== "string" || name.length === 0) {
    throw new Error(`[durabledict:postgres] ${what} must be a non-empty string`);
  }
  if (name.includes("\0"))
    throw new Error(`[durabledict:postgres] ${what} ${JSON.stringify(name)} holds a NUL character`);
  if (Buffer.byteLength(name) > maxIdentifierBytes) {
    throw new Error(
      `[durabledict:postgres] ${what} ${JSON.stringify(name)} is longer than PostgreSQL's ${maxIdentifierBytes}-byte identifiers`,
    );
  }
}

/** `name` as a quoted identifier: any character is safe inside, a double quote doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `text` as a string literal that reads the same whatever `standard_conforming_strings` says: quotes doubled,
 * and with backslashes doubled inside an `E'…'` literal.
 */
export function quoteLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  return text.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}
