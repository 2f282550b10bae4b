import { randomUUID } from "node:crypto";
import { serverAddress } from "@durabledict/test-servers";
import { Datastore, type DatastoreOptions } from "@google-cloud/datastore";
import memjs from "memjs";

// The Google client would otherwise probe the GCE metadata server for credentials it does not need here.
process.env.METADATA_SERVER_DETECTION = "none";

/** The emulator's port, as the global setup started it. */
export function emulatorPort(): number {
  return Number(serverAddress("datastore").split(":").pop());
}

/**
 * A Datastore client on the emulator (or a proxy in front of it), like the one a user builds. It reconnects
 * quickly after an outage: gRPC's default backoff grows to minutes.
 */
export function newDatastore(port = emulatorPort()): Datastore {
  const options = {
    projectId: "durabledict-test",
    apiEndpoint: `127.0.0.1:${port}`,
    "grpc.initial_reconnect_backoff_ms": 100,
    "grpc.max_reconnect_backoff_ms": 500,
  } as DatastoreOptions;
  return new Datastore(options);
}

/** Closes the gRPC channels a client opened, so the test run ends without stray handles. */
export async function closeDatastore(datastore: Datastore): Promise<void> {
  for (const client of datastore.clients_.values()) await Promise.resolve(client.close());
}

/** A memjs client on the test memcached (or `address`), quiet and quick to give up on a dead server. */
export function newMemcache(address = serverAddress("memcached")): memjs.Client {
  return memjs.Client.create(address, { logger: { log() {} }, retries: 0, timeout: 0.5 });
}

/** A namespace no other test uses. */
export function uniqueNamespace(): string {
  return `t-${randomUUID()}`;
}
