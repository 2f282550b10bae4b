import { spawn } from "node:child_process";

/** Runs a Node script in a process of its own; resolves once it exited 0, rejects with its stderr otherwise. */
export function runProcess(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited ${code}: ${err}`)),
    );
  });
}
