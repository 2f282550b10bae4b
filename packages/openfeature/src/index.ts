export { DurableDictProvider, type DurableDictProviderOptions } from "./durable-dict-provider.js";
