const boxed = new Set<unknown>([Number, String, Boolean, BigInt, Symbol]);

/** Names a primitive (or a function) the way a loss reports it: `a bigint`, `-0`, `NaN`, `undefined`. */
export function describePrimitive(value: unknown): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "undefined":
      return "undefined";
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Names an object by its prototype: `a Map`, `a Number object`, `an instance of Point`,
 * `an object with a null prototype`.
 */
export function describeObject(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return "an object with a null prototype";
  const type: unknown = (proto as { constructor?: unknown }).constructor;
  const name = typeof type === "function" ? type.name : "";
  if (boxed.has(type)) return `a ${name} object`;
  const builtIn = name !== "" && (globalThis as Record<string, unknown>)[name] === type;
  if (builtIn) return `${/^[AEIO]/.test(name) ? "an" : "a"} ${name}`;
  return `an instance of ${name || "an anonymous class"}`;
}
