import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChangeEvent, DurableDict } from "@durabledict/core";
import { type DictContents, readEntries } from "../values/read-entries.js";
import { securityHeaders } from "./http-reply.js";

/** How often an idle stream gets a comment line, in ms, so proxies and browsers keep it open. */
const keepAliveInterval = 15_000;

function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function changeData({ key, origin, newValue }: ChangeEvent<unknown>): Record<string, unknown> {
  return newValue === undefined
    ? { key, origin, deleted: true }
    : { key, origin, deleted: false, value: newValue };
}

function problemData(error: unknown): { time: string; message: string } {
  return { time: new Date().toISOString(), message: error instanceof Error ? error.message : String(error) };
}

/**
 * The page's live view of the dict, as server-sent events: first a `snapshot` of every entry, then a
 * `change` for each change the dict sees (its own writes and other processes'), and a `problem` when the
 * store cannot be reached. Changes that happen while a client's snapshot is being read are held back and
 * sent after it, so a client never misses one.
 */
export class EventStream {
  /** Open streams; a stream whose snapshot is still being read holds its messages in an array. */
  private readonly clients = new Map<ServerResponse, string[] | undefined>();
  private readonly unsubscribe: (() => void)[];
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly dict: DurableDict<unknown>,
    private readonly title: string,
  ) {
    this.unsubscribe = [
      dict.on("change", (change) => this.broadcast(message("change", changeData(change)))),
      dict.on("error", (error) => this.broadcast(message("problem", problemData(error)))),
    ];
    this.keepAlive = setInterval(() => {
      for (const [client, held] of this.clients) if (!held) client.write(": keep-alive\n\n");
    }, keepAliveInterval);
    this.keepAlive.unref();
  }

  /** Answers `request` with a stream that lasts until the client goes away or {@link EventStream.close}. */
  async open(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.writeHead(200, {
      ...securityHeaders,
      "Content-Type": "text/event-stream; charset=utf-8",
      Connection: "keep-alive",
    });
    const held: string[] = [];
    this.clients.set(response, held);
    request.on("close", () => this.clients.delete(response));
    let contents: DictContents;
    try {
      contents = await readEntries(this.dict);
    } catch (error) {
      this.clients.delete(response);
      response.end(message("problem", problemData(error)));
      return;
    }
    if (!this.clients.has(response)) return;
    const { entries, undecodable } = contents;
    const snapshot = {
      title: this.title,
      entries: entries.map(([key, value]) => ({ key, value })),
      undecodable,
    };
    response.write(`retry: 2000\n${message("snapshot", snapshot)}${held.join("")}`);
    this.clients.set(response, undefined);
  }

  /** Ends every stream and stops listening to the dict. */
  close(): void {
    clearInterval(this.keepAlive);
    for (const stop of this.unsubscribe) stop();
    for (const client of this.clients.keys()) client.end();
    this.clients.clear();
  }

  private broadcast(text: string): void {
    for (const [client, held] of this.clients) {
      if (held) held.push(text);
      else client.write(text);
    }
  }
}
