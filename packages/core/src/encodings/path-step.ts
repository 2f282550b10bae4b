const identifier = /^[A-Za-z_$][\w$]*$/;

/** The step to a property, as code would write it: `.name`, `["odd key"]`, `[Symbol(id)]`. */
export function propertyStep(key: string | symbol): string {
  if (typeof key === "symbol") return `[${String(key)}]`;
  return identifier.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** The step to an array element: `[3]`. */
export function indexStep(index: number): string {
  return `[${index}]`;
}

/** The step to the value of entry number `index` of a Map: `.get("k")`, `.get(3)`, `.values()[2]` (object key). */
export function mapValueStep(key: unknown, index: number): string {
  switch (typeof key) {
    case "string":
      return `.get(${JSON.stringify(key)})`;
    case "bigint":
      return `.get(${key}n)`;
    case "number":
    case "boolean":
    case "undefined":
      return `.get(${Object.is(key, -0) ? "-0" : String(key)})`;
    default:
      return key === null ? ".get(null)" : `.values()[${index}]`;
  }
}

/** The step to the key of a Map's entry number `index`: `.keys()[2]`. */
export function mapKeyStep(index: number): string {
  return `.keys()[${index}]`;
}

/** The step to the element number `index` of a Set: `.values()[2]`. */
export function setElementStep(index: number): string {
  return `.values()[${index}]`;
}
