export { DurableDict } from "./durable-dict.js";
export type { DurableDictOptions } from "./durable-dict-options.js";
export type { Encoding } from "./encodings/encoding.js";
export { jsonEncoding } from "./encodings/json-encoding.js";
export { noopEncoding } from "./encodings/noop-encoding.js";
export { richEncoding } from "./encodings/rich-encoding.js";
export { DecodingError } from "./errors/decoding-error.js";
export { DurableDictError, type ErrorContext } from "./errors/durable-dict-error.js";
export { EncodingError } from "./errors/encoding-error.js";
export { InvalidKeyError } from "./errors/invalid-key-error.js";
export { KeyError } from "./errors/key-error.js";
export { StoreUnavailableError, type WriteApplied } from "./errors/store-unavailable-error.js";
export type { ChangeEvent, DurableDictEvents, SyncEvent } from "./events.js";
export type {
  DepersistResult,
  DurableStore,
  PopResult,
  SetdefaultResult,
  StoreChanges,
  VersionStep,
  WatchHandlers,
} from "./store.js";
export type { DictStatus, StatusEvent } from "./store-health.js";
export { sameVersion, type Version } from "./version.js";
export type { VersionCounter } from "./version-counter.js";
