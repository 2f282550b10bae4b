/** The error a call gets when it outlives its deadline. */
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`Datastore ${what} did not answer within ${ms} ms`);
    this.name = "DeadlineError";
  }
}

/**
 * Settles with `promise`, or rejects with {@link DeadlineError} after `ms`. The driver's own timeout usually
 * fires first; this is the backstop for a client that keeps reconnecting with backoff under a dead network.
 */
export async function withDeadline<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
