import { NotSentError, withDeadline } from "@durabledict/core/adapter";
import type { Pool, PoolClient, QueryConfig, QueryResultRow } from "pg";

/**
 * Runs `run` on a client checked out of `pool`, within `timeout` ms for the checkout and again for the run
 * (a query on a dead network would otherwise hang). A checkout that fails or times out sent nothing:
 * {@link NotSentError}. A client whose run failed or timed out is destroyed, not returned to the pool, since
 * a query may still be in flight on it.
 */
export async function withPoolClient<T>(
  pool: Pool,
  operation: string,
  timeout: number,
  run: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const checkout = pool.connect();
  let client: PoolClient;
  try {
    client = await withDeadline(`${operation} (connect)`, timeout, checkout);
  } catch (cause) {
    // A checkout that arrives after the deadline goes straight back to the pool.
    checkout.then(
      (late) => late.release(),
      () => {},
    );
    throw new NotSentError(`[durabledict:postgres] ${operation}: no connection to the database`, { cause });
  }
  // A checked-out client that loses its connection emits `error`: its query rejects too, which is what counts.
  const ignore = () => {};
  client.on("error", ignore);
  try {
    const result = await withDeadline(operation, timeout, run(client));
    client.off("error", ignore);
    client.release();
    return result;
  } catch (error) {
    client.off("error", ignore);
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/** One statement through {@link withPoolClient}, resolving to its rows. */
export async function queryRows<R extends QueryResultRow>(
  pool: Pool,
  operation: string,
  timeout: number,
  query: QueryConfig,
): Promise<R[]> {
  return withPoolClient(pool, operation, timeout, async (client) => (await client.query<R>(query)).rows);
}
