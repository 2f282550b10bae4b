export { openRedisDict, type RedisDictOptions } from "./open-redis-dict.js";
export type { RedisClient } from "./redis-client.js";
export { type RedisKeys, redisKeys } from "./redis-keys.js";
export { RedisStore } from "./redis-store.js";
export type { RedisStoreOptions } from "./redis-store-options.js";
