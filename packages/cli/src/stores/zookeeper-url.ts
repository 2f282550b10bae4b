import type { Client } from "node-zookeeper-client";
import { importAdapter } from "./import-adapter.js";
import type { StoreScheme } from "./store-scheme.js";
import { badUrl, urlOptions } from "./url-options.js";

const example = "zookeeper://127.0.0.1:2181/myapp/settings";

/** The parts of a `zookeeper://host:port[,host:port…]/path` URL. */
export interface ZookeeperUrl {
  /** The connection string: every host of the ensemble, comma-separated. */
  hosts: string;
  /** The dict's znode. */
  path: string;
}

/** Parses a `zookeeper://` URL: one or more `host:port`, then the dict's znode path. */
export function parseZookeeperUrl(url: string): ZookeeperUrl {
  const rest = url.slice("zookeeper://".length);
  if (!url.startsWith("zookeeper://")) throw badUrl("zookeeper", "it must start with zookeeper://", example);
  const query = rest.indexOf("?");
  urlOptions(query === -1 ? "" : rest.slice(query), [], "zookeeper");
  const address = query === -1 ? rest : rest.slice(0, query);
  const slash = address.indexOf("/");
  const hosts = slash === -1 ? address : address.slice(0, slash);
  const path = slash === -1 ? "" : decodeURIComponent(address.slice(slash)).replace(/\/+$/, "");
  if (!/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/.test(hosts))
    throw badUrl("zookeeper", `"${hosts}" is not a list of host:port`, example);
  if (path === "") throw badUrl("zookeeper", "no znode path after the hosts", example);
  return { hosts, path };
}

/** ZooKeeper through `@durabledict/zookeeper` and `node-zookeeper-client`. */
export const zookeeperScheme: StoreScheme = {
  name: "zookeeper",
  packages: ["@durabledict/zookeeper", "node-zookeeper-client"],
  example,
  async open(url, { live }) {
    const { hosts, path } = parseZookeeperUrl(url);
    const [{ openZookeeperDict }, { createClient }] = await importAdapter(zookeeperScheme, () =>
      Promise.all([import("@durabledict/zookeeper"), import("node-zookeeper-client")]),
    );
    const connect = (): Client => {
      const client = createClient(hosts, { sessionTimeout: 10_000, spinDelay: 200 });
      client.connect();
      return client;
    };
    const client = connect();
    try {
      const dict = await openZookeeperDict(client, path, { watch: live, renewSession: connect });
      return {
        dict,
        async close() {
          await dict.close();
          client.close();
        },
      };
    } catch (error) {
      client.close();
      throw error;
    }
  },
};
