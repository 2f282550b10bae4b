import type { FlagValueType, JsonValue } from "@openfeature/server-sdk";

/** The value a flag of each OpenFeature type resolves to. */
export interface FlagValues {
  boolean: boolean;
  string: string;
  number: number;
  object: JsonValue;
}

/**
 * Reads a dict value as a flag of `type`, or returns `undefined` when it is not one (a type mismatch).
 *
 * - `boolean`: a boolean, or the `on` field of an object whose `on` is a boolean (`{ on: true, percent: 10 }`
 *   resolves `true`; the other fields are not interpreted).
 * - `string`, `number`: a value of that JavaScript type.
 * - `object`: a plain object or an array (not `null`, nor a `Map`, `Date` or class instance).
 */
export function flagValue<T extends FlagValueType>(value: unknown, type: T): FlagValues[T] | undefined {
  switch (type) {
    case "boolean":
      if (typeof value === "boolean") return value as FlagValues[T];
      if (isPlainObject(value) && typeof value.on === "boolean") return value.on as FlagValues[T];
      return undefined;
    case "object":
      return Array.isArray(value) || isPlainObject(value) ? (value as FlagValues[T]) : undefined;
    default:
      return typeof value === type ? (value as FlagValues[T]) : undefined;
  }
}

/** What a value is, for a type-mismatch message: `"a string"`, `"an object"`, `"a Date"`, `"null"`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (isPlainObject(value)) return "an object";
  if (typeof value === "object") return `a ${value.constructor.name}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
