/** A store call that did not settle within its deadline. */
export class DeadlineError extends Error {
  /** The deadline that passed, in milliseconds. */
  readonly timeout: number;

  constructor(operation: string, timeout: number) {
    super(`${operation} did not answer within ${timeout} ms`);
    this.name = "DeadlineError";
    this.timeout = timeout;
  }
}

/**
 * Settles as `call` does, or rejects with {@link DeadlineError} once `timeout` ms have passed. A driver's
 * own error passes through untouched, so the dict reports it as the `cause` of its `StoreUnavailableError`.
 * The call itself is not cancelled: a write that timed out is unacknowledged, not undone.
 */
export function withDeadline<T>(
  operation: string,
  timeout: number,
  call: Promise<T> | (() => Promise<T>),
): Promise<T> {
  let running: Promise<T>;
  try {
    running = typeof call === "function" ? call() : call;
  } catch (error) {
    return Promise.reject(error);
  }
  // One promise and one reaction, not an async function racing two promises: this wraps every store call.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineError(operation, timeout)), timeout);
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
