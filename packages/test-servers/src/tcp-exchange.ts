import { connect } from "node:net";

/** When {@link tcpExchange} has the whole answer. */
export interface ExchangeOptions {
  /** Give up after this many ms and resolve with what arrived. Default 1000. */
  timeout?: number;
  /**
   * `"line"` (default): the answer ends at its first newline, as Redis and memcached answer. `"close"`: the
   * server closes the connection after answering, as ZooKeeper's four-letter words do; their answers may
   * span several lines and several packets.
   */
  until?: "line" | "close";
}

/** Sends `request` to 127.0.0.1:`port` and resolves to the server's answer. */
export function tcpExchange(port: number, request: string, options: ExchangeOptions = {}): Promise<string> {
  const { timeout = 1000, until = "line" } = options;
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect({ host: "127.0.0.1", port });
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error && answer === "") reject(error);
      else resolve(answer);
    };
    const timer = setTimeout(() => done(), timeout);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (until === "line" && answer.includes("\n")) done();
    });
    socket.on("end", () => done());
    socket.on("error", (error) => done(error));
  });
}
