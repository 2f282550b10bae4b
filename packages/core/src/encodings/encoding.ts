/**
 * Turns values into the payloads a store holds and back. `encode` throws for a value it cannot represent;
 * `decode` throws for a payload it cannot read. Neither may run code found in the payload.
 *
 * @typeParam P - the payload type; `string` for every bundled encoding but {@link noopEncoding}.
 */
export interface Encoding<P = string> {
  /** A short name for error messages. */
  readonly name: string;
  encode(value: unknown): P;
  decode(payload: P): unknown;
}
