import type { Redis as RedisClient } from "ioredis";
import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";
import { importAdapter } from "./import-adapter.js";
import type { StoreScheme } from "./store-scheme.js";
import { badUrl, urlOptions } from "./url-options.js";

const example = "redis://127.0.0.1:6379/0?keyspace=settings";

/** The parts of a `redis://[user:password@]host:port/db?keyspace=<keyspace>` URL. */
export interface RedisUrl {
  /** The connection URL as ioredis takes it, without the parameters meant for the dict. */
  connection: string;
  /** Where the server is, for messages (never the password). */
  address: string;
  keyspace: string;
}

/** Parses a `redis://` or `rediss://` (TLS) URL; `keyspace` is required. */
export function parseRedisUrl(url: string): RedisUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl("redis", "not a URL", example);
  }
  const { keyspace } = urlOptions(parsed.search, ["keyspace"], "redis");
  if (!keyspace) throw badUrl("redis", "?keyspace=<name> is required", example);
  if (!parsed.hostname) throw badUrl("redis", "no host", example);
  if (!/^\/?\d*$/.test(parsed.pathname))
    throw badUrl("redis", `the path is the database number, not "${parsed.pathname}"`, example);
  parsed.search = "";
  return { connection: parsed.href, address: parsed.host, keyspace };
}

/** Redis through `@durabledict/redis` and `ioredis`. */
export const redisScheme: StoreScheme = {
  name: "redis",
  packages: ["@durabledict/redis", "ioredis"],
  example,
  async open(url, { live }) {
    const { connection, address, keyspace } = parseRedisUrl(url);
    const [{ openRedisDict }, { Redis }] = await importAdapter(redisScheme, () =>
      Promise.all([import("@durabledict/redis"), import("ioredis")]),
    );
    const client: RedisClient = new Redis(connection, { lazyConnect: true, connectTimeout: 5000 });
    // The dict reports store trouble itself (rejected writes, `error` events); ioredis would also log it.
    let lastError: Error | undefined;
    client.on("error", (error: Error) => {
      lastError = error;
    });
    try {
      await client.connect();
    } catch (cause) {
      client.disconnect();
      const why = (lastError ?? (cause as Error)).message;
      throw new CliError(`cannot reach Redis at ${address}: ${why}`, ExitCode.unavailable, { cause });
    }
    try {
      const dict = await openRedisDict(client, keyspace, { watch: live });
      return {
        dict,
        async close() {
          await dict.close();
          client.disconnect();
        },
      };
    } catch (error) {
      client.disconnect();
      throw error;
    }
  },
};
