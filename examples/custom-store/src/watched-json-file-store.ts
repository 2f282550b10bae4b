import { resolve } from "node:path";
import { BroadcastChannel } from "node:worker_threads";
import type { DepersistResult, VersionStep, WatchHandlers } from "@durabledict/core";
import { JsonFileStore } from "./json-file-store.js";

/**
 * {@link JsonFileStore} with a watch: every write posts its new version on a `BroadcastChannel` named after
 * the file, and each watch listens on a channel of its own, so it hears every store's writes, its own
 * included. That is all a watching store has to do. The dict drops the echo of its own writes (the message
 * names a version it already holds), and dicts of this process over the same file (the same `scope`) see
 * each other's writes at once, before the message arrives. Channels reach the threads of one process, not
 * other processes: those find a write on their next version check.
 */
export class WatchedJsonFileStore extends JsonFileStore {
  /** The file's absolute path: stores of this process on one file share what the dict knows of writes. */
  readonly scope: string;
  private readonly channel: string;
  private readonly outbox: BroadcastChannel;

  constructor(file: string) {
    super(file);
    this.scope = resolve(file);
    this.channel = `durabledict:${this.scope}`;
    this.outbox = new BroadcastChannel(this.channel);
  }

  override async persist(key: string, payload: string): Promise<VersionStep> {
    return this.announced(await super.persist(key, payload));
  }

  override async depersist(key: string): Promise<DepersistResult> {
    const result = await super.depersist(key);
    return result.existed ? this.announced(result) : result;
  }

  async watch(handlers: WatchHandlers): Promise<() => Promise<void>> {
    const inbox = new BroadcastChannel(this.channel);
    inbox.onmessage = (event) => handlers.onChange(event.data as number);
    handlers.onStatus(true);
    return async () => inbox.close();
  }

  async close(): Promise<void> {
    this.outbox.close();
  }

  private announced<T extends Partial<VersionStep>>(step: T): T {
    this.outbox.postMessage(step.version);
    return step;
  }
}
