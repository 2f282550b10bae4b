import { connect } from "node:net";

/** Sends `request` to 127.0.0.1:`port` and resolves to what the server answered within `timeout` ms. */
export function tcpExchange(port: number, request: string, timeout = 1000): Promise<string> {
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
      if (answer.includes("\n") || answer === "imok") done();
    });
    socket.on("end", () => done());
    socket.on("error", (error) => done(error));
  });
}
