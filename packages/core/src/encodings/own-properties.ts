import { describeObject } from "./describe-value.js";
import { Loss } from "./loss.js";
import { propertyStep } from "./path-step.js";

/** A walk through a value in search of a loss, as the check of one part sees it. */
export interface ValueWalk {
  /** The first loss in `value`, a part of the value being walked. */
  check(value: unknown): Loss | undefined;
}

/** The first loss in a plain object: a property neither encoding stores, or a loss in a property's value. */
export function checkPlainObject(value: Record<string, unknown>, walk: ValueWalk): Loss | undefined {
  const keys = Object.keys(value);
  const unstored = unstoredProperty(value, keys);
  if (unstored !== undefined) return unstored;
  for (const key of keys) {
    const loss = walk.check(value[key]);
    if (loss !== undefined) return loss.under(propertyStep(key));
  }
  return undefined;
}

/** The first symbol-keyed own property of `value`, which neither encoding stores. */
export function symbolKeyedProperty(value: object): Loss | undefined {
  const [symbol] = Object.getOwnPropertySymbols(value);
  return symbol === undefined ? undefined : new Loss("a symbol-keyed property").under(propertyStep(symbol));
}

/** The first own property of a built-in object (a `Map`, a `Date`) whose encoding keeps none. */
export function anyOwnProperty(value: object): Loss | undefined {
  const [key] = Reflect.ownKeys(value);
  if (key === undefined) return undefined;
  return new Loss(`a property of ${describeObject(value)}`).under(propertyStep(key));
}

/** A non-enumerable or symbol-keyed own property; `keys` is the object's `Object.keys`. */
function unstoredProperty(value: object, keys: readonly string[]): Loss | undefined {
  const names = Object.getOwnPropertyNames(value);
  if (names.length !== keys.length) {
    const hidden = names.find((name) => !Object.prototype.propertyIsEnumerable.call(value, name))!;
    return new Loss("a non-enumerable property").under(propertyStep(hidden));
  }
  return symbolKeyedProperty(value);
}
