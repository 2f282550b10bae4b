import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cleanup } from "./cleanup.js";
import type { BenchContext } from "./context.js";
import { allKits } from "./kits/index.js";
import type { KitFactory } from "./kits/kit.js";
import { warmUp } from "./kits/warm-up.js";
import { sinkValue } from "./measure.js";
import { toSvg } from "./report/chart.js";
import { formatValue } from "./report/format.js";
import { describeMachine } from "./report/machine.js";
import { toMarkdown } from "./report/markdown.js";
import type { Report } from "./report/report.js";
import type { ResultRow } from "./result.js";
import { fullScale, quickScale } from "./scale.js";
import { type ServerKind, startServers } from "./servers.js";
import { heap } from "./suites/heap.js";
import { localReads } from "./suites/local-reads.js";
import { peers } from "./suites/peers.js";
import { propagation } from "./suites/propagation.js";
import { strictReads } from "./suites/strict-reads.js";
import { syncCost } from "./suites/sync-cost.js";
import { writes } from "./suites/writes.js";

// `pnpm bench`: starts the servers, runs every suite, writes results/latest.{md,json,svg} and prints the
// table. `--quick` runs tiny sizes (to check the wiring) and writes results/quick.*; `--only=writes,peers`
// runs some suites; `--adapters=redis,sqlite` some adapters; `--render=results/latest.json` only redraws
// the Markdown and the chart of a finished run.

const suites = {
  "local-reads": localReads,
  "strict-reads": strictReads,
  writes,
  "sync-cost": syncCost,
  propagation,
  peers,
  memory: heap,
} satisfies Record<string, (ctx: BenchContext) => Promise<void>>;

/** The whole run stays under ten minutes: suites not started by then are left out (and said so). */
const runBudgetMs = 9 * 60_000;
const settleMs = 3_000;

// Before any server starts: on older Node, better-sqlite3 13's binary crashes the process, and a crashed
// process cannot stop the servers it started.
if (Number(process.versions.node.split(".")[0]) < 22) {
  console.error(`the bench needs Node 22 or later (this is ${process.version})`);
  process.exit(1);
}

const args = process.argv.slice(2);
const option = (name: string) =>
  args
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.split("=")[1]
    ?.split(",");
const scale = args.includes("--quick") ? quickScale : fullScale;
const onlySuites = option("only");
const onlyAdapters = option("adapters");
// The Datastore client would otherwise probe for a cloud metadata server.
process.env.METADATA_SERVER_DETECTION ??= "none";

const render = option("render")?.[0];
if (render) {
  const report = JSON.parse(readFileSync(render, "utf8")) as Report;
  const base = render.replace(/\.json$/, "");
  writeFileSync(`${base}.md`, toMarkdown(report));
  writeFileSync(`${base}.svg`, toSvg(report));
  console.log(`redrawn: ${base}.md, ${base}.svg`);
  process.exit(0);
}

const stopOnSignal = (signal: NodeJS.Signals) => {
  console.error(`\n${signal}: stopping servers and child processes`);
  void cleanup.runAll().then(() => process.exit(130));
};
process.once("SIGINT", stopOnSignal);
process.once("SIGTERM", stopOnSignal);

const startedAt = new Date();
const rows: ResultRow[] = [];
const failures: { what: string; error: string }[] = [];
let exitCode = 0;
try {
  const kits: KitFactory[] = [];
  const skipped: { adapter: string; why: string }[] = [];
  for (const factory of allKits) {
    if (onlyAdapters && !onlyAdapters.includes(factory.adapter)) continue;
    const why = await factory.unavailable();
    if (why) skipped.push({ adapter: factory.adapter, why });
    else kits.push(factory);
  }
  const kinds = new Set<ServerKind>(["redis"]);
  for (const factory of kits) for (const kind of factory.needs) kinds.add(kind);
  console.log(`starting ${[...kinds].join(", ")} on 127.0.0.1 …`);
  const servers = await startServers([...kinds]);
  // The JVMs (ZooKeeper, the Datastore emulator) keep compiling for a moment after they answer; let them
  // settle before the first in-process measurement.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const ready = kits.filter((factory) => {
    const down = factory.needs.filter((kind) => servers[kind] === undefined);
    if (down.length > 0) skipped.push({ adapter: factory.adapter, why: `${down.join(", ")} did not start` });
    return down.length === 0;
  });
  let namespaces = 0;
  const namespace = (purpose: string) => `bench-${purpose}-${process.pid}-${++namespaces}`;
  const ctx: BenchContext = {
    scale,
    servers,
    kits: ready,
    record(row) {
      rows.push(row);
      const ratio = row.ratio === undefined ? "" : ` (${row.ratio.toPrecision(3)}× ${row.baseline!.subject})`;
      console.log(`  ${row.section} | ${row.subject}: ${formatValue(row)}${ratio}`);
    },
    async attempt(what, work) {
      try {
        await work();
      } catch (error) {
        exitCode = 1;
        console.error(`${what} failed:`, error);
        failures.push({ what, error: String(error).split("\n")[0]! });
      }
    },
    log: (message) => console.log(message),
    namespace,
  };
  for (const factory of ready) {
    await ctx.attempt(`warm-up: ${factory.adapter}`, () =>
      warmUp(factory, servers, namespace("warm-up"), scale.serverWarmUp),
    );
  }
  for (const [name, suite] of Object.entries(suites)) {
    if (onlySuites && !onlySuites.includes(name)) continue;
    if (Date.now() - startedAt.getTime() > runBudgetMs) {
      console.error(`${name}: left out, the run is past its time budget`);
      continue;
    }
    console.log(`\n== ${name}`);
    await ctx.attempt(name, () => suite(ctx));
  }
  const report: Report = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    scale: scale.name,
    machine: describeMachine(),
    adapters: { measured: ready.map((factory) => factory.adapter), skipped },
    rows,
    failures,
  };
  const markdown = toMarkdown(report);
  const folder = fileURLToPath(new URL("../results/", import.meta.url));
  const base =
    scale.name === "full" && !onlySuites && !onlyAdapters
      ? "latest"
      : scale.name === "full"
        ? "partial"
        : "quick";
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}${base}.md`, markdown);
  writeFileSync(`${folder}${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${folder}${base}.svg`, toSvg(report));
  console.log(`\n${markdown}`);
  console.log(`written: results/${base}.md, .json, .svg (checksum ${sinkValue() % 1000})`);
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  await cleanup.runAll();
}
process.exit(exitCode);
