import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";
import { importAdapter } from "./import-adapter.js";
import type { StoreScheme } from "./store-scheme.js";
import { badUrl, urlOptions } from "./url-options.js";

const example = "sqlite:./settings.db?table=settings";

/** The parts of a `sqlite:<path>?table=<table>` URL. */
export interface SqliteUrl {
  /** The file, as given (relative to the working directory unless absolute). */
  file: string;
  table: string | undefined;
}

/** Parses `sqlite:./settings.db`, `sqlite:/abs/settings.db` or `sqlite:///abs/settings.db`, each with `?table=`. */
export function parseSqliteUrl(url: string): SqliteUrl {
  let rest = url.slice("sqlite:".length);
  if (rest.startsWith("//")) rest = rest.slice(2);
  const query = rest.indexOf("?");
  const path = query === -1 ? rest : rest.slice(0, query);
  const { table } = urlOptions(query === -1 ? "" : rest.slice(query), ["table"], "sqlite");
  let file: string;
  try {
    file = decodeURIComponent(path);
  } catch {
    throw badUrl("sqlite", `"${path}" is not a valid percent-encoded path`, example);
  }
  if (file === "") throw badUrl("sqlite", "no file", example);
  return { file, table };
}

/** SQLite files through `@durabledict/sqlite`; the file is created only by commands that write. */
export const sqliteScheme: StoreScheme = {
  name: "sqlite",
  packages: ["@durabledict/sqlite", "better-sqlite3"],
  example,
  async open(url, { create, live }) {
    const { file, table } = parseSqliteUrl(url);
    const { openSqliteDict } = await importAdapter(sqliteScheme, () => import("@durabledict/sqlite"));
    if (!create && !existsSync(file))
      throw new CliError(`no SQLite file at ${resolve(file)}`, ExitCode.unavailable);
    // Live commands poll the file's header for other processes' commits: a change shows within 200 ms.
    const dict = await openSqliteDict(file, { table, ...(live ? { watchInterval: 200 } : {}) });
    return { dict, close: () => dict.close() };
  },
};
