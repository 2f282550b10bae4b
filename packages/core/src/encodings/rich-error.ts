import { describeObject } from "./describe-value.js";
import { Loss } from "./loss.js";
import { propertyStep } from "./path-step.js";
import type { RichWalk } from "./rich-built-ins.js";

/** The own properties V8 writes for an Error (its name comes from the prototype). */
const written = new Set<PropertyKey>(["message", "stack", "cause"]);

/**
 * Checks an Error of a native type (`Error`, `TypeError`, …): V8 keeps its message, stack and cause, each as
 * the constructor makes it (not enumerable), and drops any other property, an own `name` included.
 */
export function checkError(error: Error, walk: RichWalk): Loss | undefined {
  for (const key of Reflect.ownKeys(error)) {
    if (!written.has(key)) return new Loss(`a property of ${describeObject(error)}`).under(propertyStep(key));
    if (Object.prototype.propertyIsEnumerable.call(error, key)) {
      const what = `an enumerable property of ${describeObject(error)}`;
      return new Loss(what, "pass it to the Error constructor").under(propertyStep(key));
    }
  }
  if (Object.hasOwn(error, "message") && typeof error.message !== "string") {
    return new Loss("a message that is not a string").under(".message");
  }
  return Object.hasOwn(error, "cause") ? walk.checkCause(error, error.cause)?.under(".cause") : undefined;
}
