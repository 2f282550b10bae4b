import { NotSentError, withDeadline } from "@durabledict/core/adapter";
import type { Pool, PoolClient, QueryConfig, QueryResultRow } from "pg";

/**
 * Runs `run` on a client checked out of `pool`, the checkout and the run within `timeout` ms together (a
 * query on a dead network would otherwise hang). A checkout that fails or does not arrive in time sent
 * nothing: {@link NotSentError}. A client whose run failed or timed out is destroyed, not returned to the
 * pool, since a query may still be in flight on it.
 */
export async function withPoolClient<T>(
  pool: Pool,
  operation: string,
  timeout: number,
  run: (client: PoolClient) => Promise<T>,
): Promise<T> {
  let client: PoolClient | undefined;
  let abandoned = false;
  // A checked-out client that loses its connection emits `error`: its query rejects too, which is what counts.
  const ignore = () => {};
  const checkoutAndRun = async () => {
    const checkedOut = await pool.connect().catch((cause: unknown) => {
      throw new NotSentError(`[durabledict:postgres] ${operation}: no connection to the database`, { cause });
    });
    if (abandoned) {
      checkedOut.release(); // The deadline passed while it was on its way: nothing was sent.
      throw new NotSentError(`[durabledict:postgres] ${operation}: abandoned`);
    }
    client = checkedOut;
    checkedOut.on("error", ignore);
    return run(checkedOut);
  };
  try {
    const result = await withDeadline(operation, timeout, checkoutAndRun);
    client!.off("error", ignore);
    client!.release();
    return result;
  } catch (error) {
    abandoned = true;
    if (client === undefined) {
      if (error instanceof NotSentError) throw error;
      throw new NotSentError(`[durabledict:postgres] ${operation}: no connection within ${timeout} ms`, {
        cause: error,
      });
    }
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
