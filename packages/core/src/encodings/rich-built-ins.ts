import { Buffer } from "node:buffer";
import { describeObject } from "./describe-value.js";
import { Loss } from "./loss.js";
import { anyOwnProperty, checkPlainObject, symbolKeyedProperty, type ValueWalk } from "./own-properties.js";
import { indexStep, mapKeyStep, mapValueStep, propertyStep, setElementStep } from "./path-step.js";
import { checkError } from "./rich-error.js";

/** What a built-in's check may ask of the rich walk it is part of. */
export interface RichWalk extends ValueWalk {
  /** The first loss in `error`'s cause, counting a way back to `error` itself: V8 cannot read that back. */
  checkCause(error: Error, cause: unknown): Loss | undefined;
}

type BuiltInCheck = (value: never, walk: RichWalk) => Loss | undefined;

const typedArrays = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];
const errors = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];

/**
 * The objects the rich encoding reads back exactly, by prototype (a subclass is not among them), each with
 * the rest it must satisfy. A typed array's named properties are not looked for: listing its keys costs a
 * string per element, and nobody names them.
 */
export const richBuiltIns = new Map<object, BuiltInCheck>([
  [Object.prototype, checkPlainObject],
  [Array.prototype, checkArray],
  [Map.prototype, checkMap],
  [Set.prototype, checkSet],
  [RegExp.prototype, checkRegExp],
  [String.prototype, checkBoxedString],
  ...[Date, ArrayBuffer, DataView, Number, Boolean, BigInt].map(
    (type) => [type.prototype, anyOwnProperty] as const,
  ),
  ...typedArrays.map((type) => [type.prototype, symbolKeyedProperty] as const),
  ...errors.map((type) => [type.prototype, checkError] as const),
  [Buffer.prototype, () => new Loss("a Buffer", "it reads back as a Uint8Array")],
]);

/** Holes, `undefined` and named properties are all kept. Walked by key: a sparse array costs its entries. */
function checkArray(value: Record<string, unknown>, walk: RichWalk): Loss | undefined {
  if (!Array.isArray(value)) return new Loss(describeObject(value));
  for (const key of Object.keys(value)) {
    const loss = walk.check(value[key]);
    if (loss !== undefined)
      return loss.under(String(Number(key)) === key ? indexStep(Number(key)) : propertyStep(key));
  }
  return symbolKeyedProperty(value);
}

function checkMap(value: Map<unknown, unknown>, walk: RichWalk): Loss | undefined {
  let index = 0;
  for (const [key, item] of value) {
    const loss =
      walk.check(key)?.under(mapKeyStep(index)) ?? walk.check(item)?.under(mapValueStep(key, index));
    if (loss !== undefined) return loss;
    index++;
  }
  return anyOwnProperty(value);
}

function checkSet(value: Set<unknown>, walk: RichWalk): Loss | undefined {
  let index = 0;
  for (const item of value) {
    const loss = walk.check(item);
    if (loss !== undefined) return loss.under(setElementStep(index));
    index++;
  }
  return anyOwnProperty(value);
}

/** V8 writes the pattern and the flags; `lastIndex` reads back as 0. */
function checkRegExp(value: RegExp): Loss | undefined {
  const extra = Reflect.ownKeys(value).find((key) => key !== "lastIndex");
  if (extra !== undefined) return new Loss("a property of a RegExp").under(propertyStep(extra));
  if (value.lastIndex !== 0)
    return new Loss(`a RegExp with lastIndex ${value.lastIndex}`, "it reads back as 0");
  return undefined;
}

/** A `String` object owns an index per character and `length`; anything after those is its own. */
function checkBoxedString(value: object): Loss | undefined {
  const extra = Reflect.ownKeys(value)[String.prototype.valueOf.call(value).length + 1];
  return extra === undefined
    ? undefined
    : new Loss("a property of a String object").under(propertyStep(extra));
}
