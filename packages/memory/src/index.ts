export { MemoryStore } from "./memory-store.js";
export { openMemoryDict } from "./open-memory-dict.js";
