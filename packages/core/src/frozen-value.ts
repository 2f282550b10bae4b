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
  if (freezeIfPlain(value, new Set())) return { value, copyOnRead: false };
  return { value, copyOnRead: true };
}

/** Reads a prepared value: the value itself, or a copy. */
export function readValue(handed: HandedValue): unknown {
  return handed.copyOnRead ? structuredClone(handed.value) : handed.value;
}

/**
 * Freezes `value` and everything under it when all of it is plain objects and arrays; says whether it did.
 * `seen` holds the objects already reached, so a cycle or a shared sub-object is walked once: an object seen
 * before counts as plain here, and wherever it is not, its first visit answers for the whole value.
 */
function freezeIfPlain(value: unknown, seen: Set<object>): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (seen.has(value)) return true;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  for (const child of Object.values(value)) {
    if (!freezeIfPlain(child, seen)) return false;
  }
  Object.freeze(value);
  return true;
}
