import { describeObject, describePrimitive } from "./describe-value.js";
import { Loss } from "./loss.js";
import { checkPlainObject, symbolKeyedProperty, type ValueWalk } from "./own-properties.js";
import { indexStep, propertyStep } from "./path-step.js";

/**
 * The first part of `value` that JSON would not read back equal: anything but strings, booleans, `null`,
 * finite numbers other than `-0`, plain objects and arrays; a hole, `undefined` or a named property in an
 * array; a non-enumerable or symbol-keyed property; a cycle. A getter counts as the value it returns, which
 * is what JSON stores. One walk, which allocates only the key lists of the objects in the value.
 */
export function findJsonLoss(value: unknown): Loss | undefined {
  return new JsonWalk().check(value);
}

class JsonWalk implements ValueWalk {
  /** The objects being walked, outermost first: reaching one again is a cycle. */
  private readonly ancestors: object[] = [];

  check(value: unknown): Loss | undefined {
    if (typeof value !== "object" || value === null) return checkPrimitive(value);
    if (this.ancestors.includes(value)) return new Loss("a cycle");
    this.ancestors.push(value);
    const loss = this.checkObject(value);
    this.ancestors.pop();
    return loss;
  }

  private checkObject(value: object): Loss | undefined {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype) return checkPlainObject(value as Record<string, unknown>, this);
    if (proto === Array.prototype && Array.isArray(value)) return this.checkArray(value);
    const toJSON = typeof (value as { toJSON?: unknown }).toJSON === "function" && !(value instanceof Date);
    return new Loss(describeObject(value), toJSON ? "JSON would store what its toJSON returns" : undefined);
  }

  private checkArray(value: unknown[]): Loss | undefined {
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      const loss = item === undefined ? new Loss(index in value ? "undefined" : "a hole") : this.check(item);
      if (loss !== undefined) return loss.under(indexStep(index));
    }
    // No hole, so the keys are the indices, then the named properties JSON would drop.
    const keys = Object.keys(value);
    if (keys.length > value.length) {
      return new Loss("a non-index property of an array").under(propertyStep(keys[value.length]!));
    }
    return symbolKeyedProperty(value);
  }
}

function checkPrimitive(value: unknown): Loss | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? undefined : new Loss(describePrimitive(value));
    default:
      return value === null ? undefined : new Loss(describePrimitive(value));
  }
}
