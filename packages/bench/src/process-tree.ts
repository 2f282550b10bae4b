import { readdirSync, readFileSync } from "node:fs";

/**
 * The pids of every process below `pid`, read from `/proc` (Linux). Some servers are started through a
 * wrapper script (the Datastore emulator's launcher runs `java`), and stopping the wrapper by its pid
 * leaves the real server running; these pids let it be stopped too.
 */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.split(" ").filter(Boolean).map(Number)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Sends SIGTERM to each pid still alive, then SIGKILL to those alive after `graceMs`. */
export async function stopPids(pids: readonly number[], graceMs = 5000): Promise<void> {
  const alive = () => pids.filter((pid) => isAlive(pid));
  for (const pid of alive()) process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const pid of alive()) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
