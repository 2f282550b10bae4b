import { ensureInstalled, serversFor } from "@durabledict/test-servers";

const servers = serversFor(["redis", "zookeeper", "datastore", "postgres"]);

/** The stores the commands are tested against, and Debian's Chromium for the admin page. */
export default function setup(): Promise<() => Promise<void>> {
  ensureInstalled(["chromium"]);
  return servers();
}
