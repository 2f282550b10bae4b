export { type OpenZookeeperDictOptions, openZookeeperDict } from "./open-zookeeper-dict.js";
export { ZookeeperStore } from "./zookeeper-store.js";
export type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";
