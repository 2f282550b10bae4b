import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-client.js";

/**
 * A Lua script run by its SHA1 (`EVALSHA`), so a call sends the arguments and not the source; when the
 * server does not know it (a restart, `SCRIPT FLUSH`, a failover to a fresh replica) it is sent once with
 * `EVAL`. Either way the script runs atomically on the server, in one round trip in the common case.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  /** Runs the script with `keys` (all in one hash slot on a cluster) and `args`. */
  async run(
    client: RedisClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
