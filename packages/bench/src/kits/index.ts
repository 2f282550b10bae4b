import type { KitFactory } from "./kit.js";
import { memoryKit } from "./memory-kit.js";

/** Every adapter the bench knows, in the order the report lists them. */
export const allKits: readonly KitFactory[] = [memoryKit];
