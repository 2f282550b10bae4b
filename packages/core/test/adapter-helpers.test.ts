import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import {
  epochVersion,
  NotSentError,
  raced,
  retryWhileRaced,
  SharedPerClient,
  startHeartbeat,
  utf8Over,
  WatchSubscribers,
} from "../src/adapter/index.js";
import type { Version } from "../src/version.js";

class Value {
  closed = 0;
  constructor(readonly made: string) {}
  close() {
    this.closed++;
  }
}

type Client = EventEmitter & { ended?: boolean };

function perClient() {
  return new SharedPerClient<Client, Value, [string]>({
    make: (_client, made) => new Value(made),
    hasEnded: (client) => client.ended === true,
    onEnd: (client, ended) => {
      client.once("end", ended);
      return () => void client.off("end", ended);
    },
  });
}

describe("SharedPerClient", () => {
  it("gives every user of a client the one value made by the first, and closes it with the last", () => {
    const shared = perClient();
    const client: Client = new EventEmitter();
    const first = shared.acquire(client, "first");
    const second = shared.acquire(client, "second");
    expect(second).toBe(first);
    expect(first.made).toBe("first");
    shared.release(client, first);
    expect(first.closed).toBe(0);
    shared.release(client, second);
    expect(first.closed).toBe(1);
    expect(client.listenerCount("end")).toBe(0);
    expect(shared.acquire(client, "again")).not.toBe(first);
  });

  it("keeps one value per client", () => {
    const shared = perClient();
    const a = shared.acquire(new EventEmitter(), "a");
    const b = shared.acquire(new EventEmitter(), "b");
    expect(a).not.toBe(b);
  });

  it("closes the value when the client ends, once, and makes none for an ended client", () => {
    const shared = perClient();
    const client: Client = new EventEmitter();
    const value = shared.acquire(client, "v");
    client.ended = true;
    client.emit("end");
    expect(value.closed).toBe(1);
    shared.release(client, value);
    expect(value.closed).toBe(1);
    expect(() => shared.acquire(client, "w")).toThrow(NotSentError);
  });
});

describe("startHeartbeat", () => {
  it("pings the link every interval, and reports the first that goes unanswered", async () => {
    vi.useFakeTimers();
    try {
      let answering = true;
      const pinged: string[] = [];
      const silent: string[] = [];
      const stop = startHeartbeat({
        interval: 100,
        timeout: 50,
        link: () => "link",
        ping: (link) => {
          pinged.push(link);
          return answering ? Promise.resolve() : new Promise(() => {});
        },
        onSilent: (link) => silent.push(link),
      });
      await vi.advanceTimersByTimeAsync(250);
      expect(pinged).toEqual(["link", "link"]);
      expect(silent).toEqual([]);
      answering = false;
      await vi.advanceTimersByTimeAsync(80);
      expect(silent).toEqual([]);
      await vi.advanceTimersByTimeAsync(20);
      expect(silent).toEqual(["link"]);
      stop();
      await vi.advanceTimersByTimeAsync(1000);
      expect(pinged).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends nothing while there is no link, and reports answers and failures with the link pinged", async () => {
    vi.useFakeTimers();
    try {
      let link: number | undefined;
      const answered: number[] = [];
      const silent: number[] = [];
      const stop = startHeartbeat({
        interval: 100,
        link: () => link,
        ping: (pinged) => (pinged === 1 ? Promise.resolve() : Promise.reject(new Error("reset"))),
        onAnswer: (pinged) => answered.push(pinged),
        onSilent: (pinged) => silent.push(pinged),
      });
      await vi.advanceTimersByTimeAsync(300);
      expect([answered, silent]).toEqual([[], []]);
      link = 1;
      await vi.advanceTimersByTimeAsync(100);
      link = 2;
      await vi.advanceTimersByTimeAsync(100);
      expect([answered, silent]).toEqual([[1], [2]]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("WatchSubscribers", () => {
  function recorder() {
    const heard: (["change", Version] | ["status", boolean])[] = [];
    const handlers = {
      onChange: (version?: Version) => void heard.push(["change", version]),
      onStatus: (live: boolean) => void heard.push(["status", live]),
    };
    return { heard, handlers };
  }

  it("tells a new subscriber the watch is live only when it is", () => {
    const down = new WatchSubscribers();
    const a = recorder();
    down.add(a.handlers);
    expect(a.heard).toEqual([]);
    const up = new WatchSubscribers(true);
    const b = recorder();
    up.add(b.handlers);
    expect(b.heard).toEqual([["status", true]]);
  });

  it("announces versions and changes of liveness once to each subscriber until removed", () => {
    const subscribers = new WatchSubscribers();
    const a = recorder();
    const b = recorder();
    const removeA = subscribers.add(a.handlers);
    subscribers.add(b.handlers);
    subscribers.setLive(true);
    subscribers.setLive(true);
    subscribers.announce("7");
    removeA();
    subscribers.announce();
    subscribers.setLive(false);
    expect(a.heard).toEqual([
      ["status", true],
      ["change", "7"],
    ]);
    expect(b.heard).toEqual([
      ["status", true],
      ["change", "7"],
      ["change", undefined],
      ["status", false],
    ]);
    expect([subscribers.size, subscribers.isLive]).toEqual([1, false]);
    subscribers.clear();
    expect(subscribers.size).toBe(0);
  });
});

describe("epochVersion", () => {
  it("splits `<epoch>:<counter>` at its last colon, and refuses anything else", () => {
    expect(epochVersion.split(epochVersion.format("a:b", 7))).toEqual({ epoch: "a:b", counter: 7 });
    expect(epochVersion.split("e:0000000000000012")).toEqual({ epoch: "e", counter: 12 });
    for (const other of [undefined, 5, "e", ":5", "e:", "e:x", "e:1.5", `e:${2 ** 53}`]) {
      expect(epochVersion.split(other)).toBeUndefined();
    }
  });

  it("reads a counter only in its own epoch", () => {
    expect(epochVersion.counterIn("e:3", "e")).toBe(3);
    expect(epochVersion.counterIn("f:3", "e")).toBeUndefined();
    expect(epochVersion.counterIn(3, "e")).toBeUndefined();
  });
});

describe("retryWhileRaced", () => {
  it("tries again while the attempt raced, and resolves to the first result that did not", async () => {
    const results: (string | typeof raced)[] = [raced, raced, "done"];
    const attempt = vi.fn(async () => results.shift()!);
    await expect(retryWhileRaced('pop of "k"', 5, attempt)).resolves.toBe("done");
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it("gives up after the attempts, naming the operation and the key", async () => {
    const attempt = vi.fn(async () => raced);
    await expect(retryWhileRaced('setdefault of "theme"', 4, attempt)).rejects.toThrow(
      'setdefault of "theme" kept racing other writers; gave up after 4 attempts',
    );
    expect(attempt).toHaveBeenCalledTimes(4);
  });

  it("passes an attempt's failure through at once", async () => {
    const attempt = vi.fn(async () => Promise.reject(new Error("refused")));
    await expect(retryWhileRaced('pop of "k"', 5, attempt)).rejects.toThrow("refused");
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});

describe("utf8Over", () => {
  it("gives the UTF-8 length of a string over the limit, counting multi-byte characters", () => {
    expect(utf8Over("é".repeat(6), 11)).toBe(12);
    expect(utf8Over("€".repeat(4), 11)).toBe(12);
    expect(utf8Over("😀".repeat(3), 11)).toBe(12);
  });

  it("is undefined at or under the limit", () => {
    expect(utf8Over("é".repeat(6), 12)).toBeUndefined();
    expect(utf8Over("abc", 3)).toBeUndefined();
    expect(utf8Over("", 0)).toBeUndefined();
  });
});
