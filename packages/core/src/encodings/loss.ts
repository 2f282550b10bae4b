/**
 * A part of a value that an encoding would not read back equal (in `assert.deepStrictEqual`'s sense), and
 * where it sits. The checks that find one return it instead of throwing, and each level of the walk adds its
 * step on the way out, so a value with nothing wrong costs no path at all.
 */
export class Loss {
  /** Steps from the loss out to the whole value, innermost first. */
  private readonly steps: string[] = [];

  /**
   * @param what - what is there, as a user would name it: `a Map`, `-0`, `a hole`.
   * @param note - what to know about it, when `what` alone does not say: `it reads back as a Uint8Array`.
   */
  constructor(
    readonly what: string,
    readonly note?: string,
  ) {}

  /** Places the loss one step further in, under `step` (`.flags`, `[3]`, `.get("k")`); returns it. */
  under(step: string): this {
    this.steps.push(step);
    return this;
  }

  /** The path from the whole value to the loss: `value.flags[3]`. */
  get path(): string {
    return `value${this.steps.toReversed().join("")}`;
  }

  /** The reason to give the user: `a Map at value.flags (use richEncoding)`, with `hints` after the note. */
  describe(...hints: string[]): string {
    const notes = this.note === undefined ? hints : [this.note, ...hints];
    return `${this.what} at ${this.path}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
  }
}
