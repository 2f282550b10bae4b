import type BetterSqlite3 from "better-sqlite3";
import { explainSqliteError, notApplied } from "./sqlite-errors.js";

/**
 * Runs writes in `BEGIN IMMEDIATE` transactions and says, when one fails, whether it may have landed. A
 * failure before the commit, or a commit SQLite refused and left open (`SQLITE_BUSY` while readers hold a
 * rollback-journal file), is rolled back: nothing was written, and the error is a `NotSentError`. A commit
 * that failed otherwise (an I/O error while writing the journal) may have reached the disk: its error is
 * only explained, and the dict reports the write's outcome as unknown.
 */
export class SqliteWriteTransaction {
  private readonly begin: BetterSqlite3.Statement;
  private readonly commit: BetterSqlite3.Statement;
  private readonly rollback: BetterSqlite3.Statement;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.begin = db.prepare("BEGIN IMMEDIATE");
    this.commit = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
  }

  /** Runs `work` in one transaction and commits it: `work`'s result, or an error as the class says. */
  run<T>(work: () => T): T {
    try {
      this.begin.run();
    } catch (error) {
      // Nothing began (the file is locked, or the connection is inside a transaction of its caller's).
      throw notApplied(error, this.db.name);
    }
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.abandon();
      throw notApplied(error, this.db.name);
    }
    try {
      this.commit.run();
    } catch (error) {
      if (!this.db.inTransaction) throw explainSqliteError(error, this.db.name);
      this.abandon();
      throw notApplied(error, this.db.name);
    }
    return result;
  }

  /** Rolls back what is open; SQLite may already have done it after some errors. */
  private abandon(): void {
    if (this.db.inTransaction) this.rollback.run();
  }
}
