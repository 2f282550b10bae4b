import { DurableDictError } from "@durabledict/core";
import { NotSentError } from "@durabledict/core/adapter";

/** An error from SQLite, with the driver's code. */
interface SqliteFailure extends Error {
  code: string;
}

function isSqliteFailure(error: unknown): error is SqliteFailure {
  return error instanceof Error && typeof (error as Partial<SqliteFailure>).code === "string";
}

/**
 * Rewords the driver errors a user will meet on a shared file (read-only, locked, cannot open) so the
 * message says which file and what to do; the driver's error stays as `cause` and its `code` is kept.
 * Anything else passes through unchanged.
 */
export function explainSqliteError(error: unknown, file: string): unknown {
  if (!isSqliteFailure(error)) return error;
  let message: string | undefined;
  if (error.code.startsWith("SQLITE_READONLY")) {
    message = `the SQLite file ${JSON.stringify(file)} is read-only (${error.code}: ${error.message}); writing needs write access to the file and its folder, where SQLite keeps its -wal and -shm files`;
  } else if (error.code.startsWith("SQLITE_BUSY")) {
    message = `the SQLite file ${JSON.stringify(file)} is locked by another connection (${error.code}: ${error.message}) and stayed locked for the whole busy timeout`;
  } else if (error.code.startsWith("SQLITE_CANTOPEN")) {
    message = `cannot open the SQLite file ${JSON.stringify(file)} (${error.code}: ${error.message}); check that its folder exists and is accessible`;
  }
  if (message === undefined) return error;
  return Object.assign(new Error(message, { cause: error }), { code: error.code });
}

/**
 * The error of a write that SQLite rolled back, explained as {@link explainSqliteError} does, as a
 * `NotSentError` (keeping the driver's `code`): nothing of the write reached the file, and the dict reports
 * it as not applied. durabledict's own errors pass through.
 */
export function notApplied(error: unknown, file: string): unknown {
  if (DurableDictError.isInstance(error)) return error;
  const explained = explainSqliteError(error, file);
  const message = explained instanceof Error ? explained.message : String(explained);
  const code = isSqliteFailure(error) ? { code: error.code } : {};
  return Object.assign(new NotSentError(message, { cause: error }), code);
}
