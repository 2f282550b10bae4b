import { NotSentError } from "@durabledict/core/adapter";
import type { RedisClient } from "./redis-client.js";

/** One `T` per user client, closed with its last user or when the client ends (so it never holds the process). */
export class SharedPerClient<T extends { close(): void }> {
  private readonly shared = new WeakMap<RedisClient, { value: T; users: number; onEnd: () => void }>();

  constructor(private readonly make: (client: RedisClient) => T) {}

  /** The `T` of `client`, made now if it has none; throws `NotSentError` once the client has ended. */
  acquire(client: RedisClient): T {
    if (client.status === "end") throw new NotSentError("the redis client was closed");
    let entry = this.shared.get(client);
    if (entry === undefined) {
      const value = this.make(client);
      entry = { value, users: 0, onEnd: () => this.drop(client, value) };
      this.shared.set(client, entry);
      client.once("end", entry.onEnd);
    }
    entry.users++;
    return entry.value;
  }

  /** Lets go of `value`, which {@link SharedPerClient.acquire} gave for `client`. */
  release(client: RedisClient, value: T): void {
    const entry = this.shared.get(client);
    if (entry?.value === value && --entry.users === 0) this.drop(client, value);
  }

  private drop(client: RedisClient, value: T): void {
    const entry = this.shared.get(client);
    if (entry?.value !== value) return;
    this.shared.delete(client);
    client.off("end", entry.onEnd);
    value.close();
  }
}
