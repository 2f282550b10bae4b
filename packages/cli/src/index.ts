export { type AdminServer, type AdminServerOptions, startAdminServer } from "./admin/admin-server.js";
export { CliError } from "./cli-error.js";
export type { CliIo } from "./cli-io.js";
export { ExitCode, type ExitCodeValue } from "./exit-codes.js";
export { runCli } from "./run-cli.js";
export { openStoreUrl } from "./stores/open-store-url.js";
export type { OpenedDict, OpenOptions, StoreScheme } from "./stores/store-scheme.js";
export { storeSchemes } from "./stores/store-schemes.js";
