/**
 * How a decoded value is handed out. Plain objects and arrays are deep-frozen once, when they are decoded,
 * so every read returns the same object at no cost and a mutation throws instead of silently diverging;
 * cycles and shared sub-objects included. Values that hold anything else (`Map`, `Set`, `Date`, typed arrays
 * and the other built-ins the rich encoding holds) are copied on every read instead.
 */
export interface HandedValue {
  readonly value: unknown;
  readonly copyOnRead: boolean;
}

/** Prepares a freshly decoded value (which nobody else holds) for handing out. */
export function prepareValue(value: unknown): HandedValue {
  if (freezeIfPlain(value, [])) return { value, copyOnRead: false };
  return { value, copyOnRead: true };
}

/** Reads a prepared value: the value itself, or a copy. */
export function readValue(handed: HandedValue): unknown {
  return handed.copyOnRead ? structuredClone(handed.value) : handed.value;
}

/**
 * Freezes `value` and everything under it when all of it is plain objects and arrays; says whether it did.
 * Objects are frozen after their children, so a frozen one was found plain already and is not walked again
 * (a sub-object reached twice costs one walk). `ancestors` are the objects being walked: reaching one again
 * closes a cycle, which counts as plain here and is answered where that ancestor's walk ends. A list, not a
 * set: it is as long as the value is deep, and adding an object to a set costs more than walking it.
 */
function freezeIfPlain(value: unknown, ancestors: object[]): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (Object.isFrozen(value) || ancestors.includes(value)) return true;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  ancestors.push(value);
  let plain = true;
  for (const child of Object.values(value)) {
    plain = freezeIfPlain(child, ancestors);
    if (!plain) break;
  }
  ancestors.pop();
  if (plain) Object.freeze(value);
  return plain;
}
