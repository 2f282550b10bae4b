import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

/** The built service, running in a process of its own. */
export interface RunningService {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Sends SIGTERM; resolves to the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

/** Starts `dist/main.js` with `env` on a free port; resolves once it printed the address it listens on. */
export function startService(env: Record<string, string>, timeout = 20_000): Promise<RunningService> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(`did not listen within ${timeout} ms`), timeout);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`the service ${why}: ${err}`));
    };
    child.stderr.on("data", (chunk) => (err += chunk));
    const early = (code: number | null) => fail(`exited with ${code}`);
    child.once("exit", early);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      child.off("exit", early);
      resolve({ url, stop: () => stop(child, exited) });
    });
  });
}

function stop(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  child.kill("SIGTERM");
  return exited;
}
