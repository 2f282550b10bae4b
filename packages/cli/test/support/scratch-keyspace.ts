import { randomUUID } from "node:crypto";
import { serverAddress } from "@durabledict/test-servers";

/** A Redis store URL on the test server with a keyspace no other test uses. */
export function redisUrl(): string {
  return `${serverAddress("redis")}/0?keyspace=cli-${randomUUID()}`;
}
