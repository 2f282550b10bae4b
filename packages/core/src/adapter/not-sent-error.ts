/**
 * A store call that failed before anything reached the store: the client was disconnected, the store was
 * closed, a queue refused it. An adapter throws it (with the driver's error as `cause`) so that a write that
 * fails this way is reported as not applied; any other failure of a write leaves its outcome unknown.
 */
export class NotSentError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "NotSentError";
  }
}
