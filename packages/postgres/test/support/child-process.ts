import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** Starts `test/fixtures/<name>` in a Node process of its own, with `args`. The fixtures import the built package. */
export function startFixture(name: string, args: string[]): ChildProcessWithoutNullStreams {
  if (!existsSync(built))
    throw new Error("build the package first: pnpm --filter @durabledict/postgres build");
  const fixture = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  return spawn(process.execPath, [fixture, ...args], { stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs a fixture to its end; resolves to what it printed, rejects with its stderr when it fails. */
export function runFixture(name: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = startFixture(name, args);
    child.stdin.end();
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${err}`)),
    );
  });
}

/** The lines a process prints, as they come: `next()` resolves to the next one, rejecting after `timeout` ms. */
export function lines(child: ChildProcessWithoutNullStreams): { next(timeout?: number): Promise<string> } {
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = "";
  let err = "";
  child.stderr.on("data", (chunk) => (err += chunk));
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else ready.push(line);
    }
  });
  return {
    next(timeout = 10_000) {
      const line = ready.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line within ${timeout} ms; stderr: ${err}`)),
          timeout,
        );
        waiting.push((got) => {
          clearTimeout(timer);
          resolve(got);
        });
      });
    },
  };
}
