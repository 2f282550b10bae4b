import { type Flag, fill, flagOf, keyOf } from "../data.js";
import type { Scale } from "../scale.js";
import type { Servers } from "../servers.js";
import type { KitFactory } from "./kit.js";

/** Keys of the warm-up dict: enough for its writes to spread over many znodes, rows or fields. */
const warmUpKeys = 1_000;

/**
 * Runs rounds of the write subjects (`set`, the single write, the floor) against the server of a kit that
 * `warmsUpServer`, untimed, in a namespace of their own, before any suite measures. A server on a JVM
 * compiles its request path over its first thousands of requests: cold, it made the first dict size's write
 * ratios depend on which subject's requests the compiler reached first.
 */
export async function warmUp(
  factory: KitFactory,
  servers: Servers,
  namespace: string,
  { rounds, maxMs }: Scale["serverWarmUp"],
): Promise<void> {
  if (!factory.warmsUpServer) return;
  const kit = await factory.create(servers, namespace);
  try {
    const dict = await kit.openDict<Flag>();
    await fill(dict, warmUpKeys);
    const stopAt = performance.now() + maxMs;
    for (let rev = 1; rev <= rounds && performance.now() < stopAt; rev++) {
      const i = (rev * 7919) % warmUpKeys;
      const payload = JSON.stringify(flagOf(i, rev));
      await dict.set(keyOf(i), flagOf(i, rev));
      await kit.rawWrite?.run(keyOf(i), payload);
      await kit.floorWrite?.run(keyOf(i), payload);
    }
    await dict.close();
  } finally {
    await kit.drop();
    await kit.close();
  }
}
