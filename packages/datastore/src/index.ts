export { DatastoreStore } from "./datastore-store.js";
export type { DatastoreStoreOptions } from "./datastore-store-options.js";
export { type OpenDatastoreDictOptions, openDatastoreDict } from "./open-datastore-dict.js";
