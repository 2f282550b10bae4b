/** A global symbol that marks instances of one error class, so they are recognised across copies of core. */
export interface ErrorMarker {
  /** Marks `error` as an instance. */
  mark(error: Error): void;
  /** Whether `value` carries the mark, whichever copy of core made it. */
  test(value: unknown): boolean;
}

/** The marker of the error class `name` (`durabledict.error.<name>`; the base class has `durabledict.error`). */
export function errorMarker(name?: string): ErrorMarker {
  const symbol = Symbol.for(name === undefined ? "durabledict.error" : `durabledict.error.${name}`);
  return {
    mark: (error) => Object.defineProperty(error, symbol, { value: true }),
    test: (value) => typeof value === "object" && value !== null && symbol in value,
  };
}
