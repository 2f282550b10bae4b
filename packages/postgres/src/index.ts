export { openPostgresDict, type PostgresDictOptions } from "./open-postgres-dict.js";
export type { PostgresNames } from "./postgres-names.js";
export { PostgresStore } from "./postgres-store.js";
export type { PostgresStoreOptions } from "./postgres-store-options.js";
