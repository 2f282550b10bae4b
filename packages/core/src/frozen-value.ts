/**
 * How a decoded value is handed out. Plain objects and arrays are deep-frozen once, when they are decoded,
 * so every read returns the same object at no cost and a mutation throws instead of silently diverging.
 * Values that cannot be frozen (`Map`, `Set`, `Date`, typed arrays, class instances from the rich encoding)
 * are copied on every read instead.
 */
export interface HandedValue {
  readonly value: unknown;
  readonly copyOnRead: boolean;
}

/** Prepares a freshly decoded value (which nobody else holds) for handing out. */
export function prepareValue(value: unknown): HandedValue {
  if (freezeIfPlain(value)) return { value, copyOnRead: false };
  return { value, copyOnRead: true };
}

/** Reads a prepared value: the value itself, or a copy. */
export function readValue(handed: HandedValue): unknown {
  return handed.copyOnRead ? structuredClone(handed.value) : handed.value;
}

function freezeIfPlain(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (Object.isFrozen(value)) return true;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  for (const child of Object.values(value)) {
    if (!freezeIfPlain(child)) return false;
  }
  Object.freeze(value);
  return true;
}
