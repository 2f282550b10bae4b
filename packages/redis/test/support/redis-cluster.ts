import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  freePort,
  type LocalServer,
  redisServer,
  startTcpProxy,
  type TcpProxy,
  waitUntil,
} from "@durabledict/test-servers";
import { Cluster, Redis } from "ioredis";

const run = promisify(execFile);

/** A three-master Redis Cluster on loopback, each node behind a TCP proxy that can cut the network. */
export interface LocalCluster {
  readonly nodes: LocalServer[];
  readonly proxies: TcpProxy[];
  /** A new cluster client that reaches every node through its proxy. */
  client(): Cluster;
  /** Drops every connection to every node, and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  destroy(): Promise<void>;
}

/** Starts three `redis-server --cluster-enabled yes` nodes, joins them with `redis-cli --cluster create`, waits for `cluster_state:ok`. */
export async function startCluster(): Promise<LocalCluster> {
  const nodes: LocalServer[] = [];
  const proxies: TcpProxy[] = [];
  const destroy = async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await Promise.all(nodes.map((node) => node.process.destroy()));
  };
  try {
    for (let i = 0; i < 3; i++) {
      const node = redisServer(await freePort(), {
        // The bus port is chosen too: the default (port + 10000) may lie past 65535 for an ephemeral port.
        extraArgs: [
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          "nodes.conf",
          "--cluster-port",
          String(await freePort()),
        ],
      });
      nodes.push(node);
      await node.process.start();
    }
    await run("redis-cli", [
      "--cluster",
      "create",
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    for (const node of nodes) {
      const admin = new Redis(node.port, "127.0.0.1");
      try {
        await waitUntil(`cluster node ${node.port}`, async () =>
          (await admin.cluster("INFO")).includes("cluster_state:ok"),
        );
      } finally {
        admin.disconnect();
      }
    }
    for (const node of nodes) proxies.push(await startTcpProxy(node.port));
  } catch (error) {
    await destroy();
    throw error;
  }
  const natMap = Object.fromEntries(
    nodes.map((node, i) => [`127.0.0.1:${node.port}`, { host: "127.0.0.1", port: proxies[i]!.port }]),
  );
  return {
    nodes,
    proxies,
    client: () =>
      new Cluster(
        proxies.map((proxy) => ({ host: "127.0.0.1", port: proxy.port })),
        { natMap },
      ),
    cut: () => {
      for (const proxy of proxies) proxy.cut();
    },
    restore: () => {
      for (const proxy of proxies) proxy.restore();
    },
    destroy,
  };
}
