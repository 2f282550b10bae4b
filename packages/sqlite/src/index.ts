export { type OpenSqliteDictOptions, openSqliteDict } from "./open-sqlite-dict.js";
export { SqliteStore } from "./sqlite-store.js";
export type { SqliteStoreOptions } from "./sqlite-store-options.js";
