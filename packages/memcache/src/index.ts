export { MemcacheVersionCounter, type MemcacheVersionCounterOptions } from "./memcache-version-counter.js";
