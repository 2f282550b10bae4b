import { describeObject, describePrimitive } from "./describe-value.js";
import { Loss } from "./loss.js";
import { type RichWalk, richBuiltIns } from "./rich-built-ins.js";

/**
 * How many objects the walk visits before it also keeps a set of every object it reaches. Until then it keeps
 * only the objects it is inside of, enough to stop at a cycle: adding an object to a set costs more than
 * walking a small one. A sub-object reached twice is walked twice meanwhile, so sharing nested on sharing
 * (each level holding the next twice) would double the walk per level without this bound.
 */
const visitsBeforeTracking = 100_000;

/**
 * The first part of `value` that the rich encoding would not read back equal: a function, a symbol, an object
 * whose prototype is not one of the built-ins it holds (a class instance, an object with a null prototype, a
 * `Buffer`), a property it drops, or a way back to an Error from inside its cause. Cycles and shared
 * sub-objects are fine.
 */
export function findRichLoss(value: unknown): Loss | undefined {
  if (value === undefined) return new Loss("undefined");
  return new Walk().check(value);
}

class Walk implements RichWalk {
  /** The objects being walked, outermost first. */
  private readonly ancestors: object[] = [];
  /** Errors whose cause is being walked: V8 cannot read back a reference to one of them from inside it. */
  private readonly openErrors: Error[] = [];
  /** Every object reached since the walk began tracking. */
  private seen: Set<object> | undefined;
  private visitsLeft = visitsBeforeTracking;

  check(value: unknown): Loss | undefined {
    if (typeof value === "function" || typeof value === "symbol") return new Loss(describePrimitive(value));
    if (typeof value !== "object" || value === null) return undefined;
    if (this.ancestors.includes(value) || this.seen?.has(value)) return this.reachedAgain(value);
    if (this.seen !== undefined) this.seen.add(value);
    else if (--this.visitsLeft === 0) this.seen = new Set();
    this.ancestors.push(value);
    const builtIn = richBuiltIns.get(Object.getPrototypeOf(value));
    const loss = builtIn === undefined ? new Loss(describeObject(value)) : builtIn(value as never, this);
    this.ancestors.pop();
    return loss;
  }

  checkCause(error: Error, cause: unknown): Loss | undefined {
    this.openErrors.push(error);
    const loss = this.check(cause);
    this.openErrors.pop();
    return loss;
  }

  /** A cycle or a shared sub-object, both fine, unless it leads back to an Error from inside its cause. */
  private reachedAgain(value: object): Loss | undefined {
    if (!this.openErrors.includes(value as Error)) return undefined;
    return new Loss("a cycle back to an Error", "V8 cannot read it back");
  }
}
