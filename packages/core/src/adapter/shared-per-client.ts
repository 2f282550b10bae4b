import { NotSentError } from "./not-sent-error.js";

/** How a {@link SharedPerClient} makes its values and learns that a client ended. */
export interface SharedPerClientOptions<C, T, A extends unknown[]> {
  /** Makes the value of a client that has none, from what its first `acquire` was given. */
  make(client: C, ...args: A): T;
  /** Subscribes `ended` to the client's end, if the driver tells of one; returns the unsubscribe function. */
  onEnd?(client: C, ended: () => void): () => void;
  /** Whether the client has ended for good: nothing is made for it then. */
  hasEnded?(client: C): boolean;
}

/**
 * One `T` per client object a user built (a subscriber connection, a session), shared by every store over
 * that client and closed with its last user, or when the client itself ends, so it never holds the process.
 */
export class SharedPerClient<C extends object, T extends { close(): void }, A extends unknown[] = []> {
  private readonly shared = new WeakMap<C, { value: T; users: number; unsubscribe?: () => void }>();

  constructor(private readonly options: SharedPerClientOptions<C, T, A>) {}

  /**
   * The `T` of `client`, made now from `args` if it has none; each call wants one {@link SharedPerClient.release}.
   * @throws NotSentError once the client has ended.
   */
  acquire(client: C, ...args: A): T {
    if (this.options.hasEnded?.(client)) throw new NotSentError("the client was closed");
    let entry = this.shared.get(client);
    if (entry === undefined) {
      const value = this.options.make(client, ...args);
      entry = { value, users: 0 };
      this.shared.set(client, entry);
      entry.unsubscribe = this.options.onEnd?.(client, () => this.drop(client, value));
    }
    entry.users++;
    return entry.value;
  }

  /** Lets go of `value`, which {@link SharedPerClient.acquire} gave for `client`; the last user closes it. */
  release(client: C, value: T): void {
    const entry = this.shared.get(client);
    if (entry?.value === value && --entry.users === 0) this.drop(client, value);
  }

  private drop(client: C, value: T): void {
    const entry = this.shared.get(client);
    if (entry?.value !== value) return;
    this.shared.delete(client);
    entry.unsubscribe?.();
    value.close();
  }
}
